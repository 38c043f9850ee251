/**
 * A rough strength estimate of an ExternalId: the empirical Shannon entropy of its characters times its length,
 * in bits. It underestimates random strings a little (a 40-character base64url ID scores about 200, a UUID about
 * 140) and scores repetitive ones low (`aaaa…` scores 0). Good enough to tell generated from typed.
 */
export function estimateEntropyBits(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * value.length;
}

/**
 * Whether a value reads like words typed by a person (`some_key_build`, `ourthing-prod-build`): letters only,
 * in runs of 2+ joined by `_ - . :`, with at most a short number at the end.
 */
export function looksLikeWords(value: string): boolean {
  return /^[a-z]{2,}(?:[_.:-]?[a-z]{2,})*[_.:-]?\d{0,4}$/i.test(value) && /[_.:-]|^[a-z]+$/i.test(value);
}
