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
 * Whether a value reads like words typed by a person (`some_key_build`, `ourthing-prod-build`): ASCII letters only,
 * in runs of 2+ joined by single `_ - . :`, with at most a separator and a number of up to four digits at the end.
 * Written as a scan, not a regular expression: the obvious pattern (`^[a-z]{2,}(?:[_.:-]?[a-z]{2,})*…$`) has
 * nested quantifiers and took seconds on a 40-letter ExternalId. Linear in the length of `value`.
 */
export function looksLikeWords(value: string): boolean {
  let end = value.length;
  while (end > 0 && value.length - end < 4 && isDigit(value.charCodeAt(end - 1))) end--;
  const digits = value.length - end;
  const trailingSeparator = end > 0 && isSeparator(value.charCodeAt(end - 1));
  if (trailingSeparator) end--;
  let run = 0;
  let separators = 0;
  for (let i = 0; i < end; i++) {
    const c = value.charCodeAt(i);
    if (isLetter(c)) run++;
    else if (isSeparator(c) && run >= 2) {
      run = 0;
      separators++;
    } else return false;
  }
  if (run < 2) return false;
  // Joined by a separator somewhere, or letters alone: `buildkey1234` is one word and a number, not typed words.
  return separators > 0 || trailingSeparator || digits === 0;
}

// --- internal ---

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `_ . : -` */
function isSeparator(c: number): boolean {
  return c === 95 || c === 46 || c === 58 || c === 45;
}
