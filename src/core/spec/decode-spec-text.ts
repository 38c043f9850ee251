import { SpecError, type SpecIssue } from "../errors.js";

/**
 * A spec file's bytes as text.
 * @throws SpecError at the line and column of the first byte that is not UTF-8 (a binary file, or text in another
 *   encoding such as Latin-1).
 */
export function decodeSpecText(bytes: Uint8Array, file: string): string {
  const decoded = decodeUtf8Text(bytes, file, "a spec");
  if ("issue" in decoded) throw new SpecError([decoded.issue]);
  return decoded.text;
}

/**
 * A text file's bytes as text, or the issue at the line and column of the first byte that is not UTF-8 (`what`
 * names the file's kind in it: "a spec is YAML or JSON text in UTF-8"). For any text file crossrole parses.
 */
export function decodeUtf8Text(
  bytes: Uint8Array,
  file: string,
  what: string,
): { text: string } | { issue: SpecIssue } {
  // The decoder's own check (native) first: it refuses exactly the ill-formed sequences firstInvalidUtf8 finds,
  // which, byte by byte in JavaScript, cost `plan` ~10 ms on a 200-target spec; it runs only to say where.
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {}
  const bad = firstInvalidUtf8(bytes);
  if (bad === undefined) return { text: new TextDecoder("utf-8").decode(bytes) };
  const before = new TextDecoder("utf-8").decode(bytes.subarray(0, bad));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  const hex = (bytes[bad] ?? 0).toString(16).toUpperCase().padStart(2, "0");
  const message = `is not a text file (byte 0x${hex} here is not valid UTF-8); ${what} is YAML or JSON text in UTF-8`;
  return { issue: { location: { file, line, column }, path: "", message } };
}

// --- internal ---

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    // Lead byte: how many continuation bytes, and the allowed range of the first one (no overlongs, no
    // surrogates, nothing above U+10FFFF).
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return undefined;
}
