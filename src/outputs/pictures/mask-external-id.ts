import { maskExternalId } from "../../core/identifiers/mask-external-id.js";

export { maskExternalId };

/**
 * `text` with every occurrence of the `known` ExternalIds masked, and the values the lint's messages quote
 * (`ExternalId "…"`, `sts:ExternalId with StringLike ["…"]`, `accepts 3 ExternalIds (…)`) masked too, so a live
 * value that is not in the spec is not shown either.
 */
export function maskExternalIdsIn(text: string, known: readonly string[]): string {
  let out = text;
  // Longest first: a value that contains another is masked whole.
  for (const id of [...new Set(known)].filter((v) => v.length > 0).sort((a, b) => b.length - a.length)) {
    out = out.split(id).join(maskExternalId(id));
  }
  return out
    .replace(/(ExternalId ")([^"]*)(")/g, (_m, a: string, v: string, b: string) => a + maskOnce(v) + b)
    .replace(
      /(sts:ExternalId with \S+ )(\[[^\]]*\])/g,
      (_m, a: string, list: string) => a + maskJsonList(list),
    )
    .replace(/(accepts \d+ ExternalIds \()([^)]*)(\))/g, (_m, a: string, list: string, b: string) => {
      return a + list.split(", ").map(maskOnce).join(", ") + b;
    });
}

// --- internal ---

function maskOnce(value: string): string {
  return value.startsWith("…") ? value : maskExternalId(value);
}

function maskJsonList(list: string): string {
  try {
    const values = JSON.parse(list) as unknown;
    if (Array.isArray(values)) return JSON.stringify(values.map((v) => maskOnce(String(v))));
  } catch {
    // not JSON: masked whole below
  }
  return "[…]";
}
