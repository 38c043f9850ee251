/**
 * Text read from AWS (role names, policy values, tags, an endpoint's error message) made safe for a terminal: every
 * control character (C0 including line breaks and ESC, DEL, C1 including the 8-bit CSI U+009B), the Unicode line
 * and paragraph separators and the bidirectional overrides and isolates become a visible escape (`\x1b`, `\n`,
 * `\u202e`), so a value cannot move the cursor, recolour or clear the screen, add a line that reads like a verdict
 * ("PASS"), or reorder what is shown. Printable text, including non-ASCII letters, is unchanged. For the text
 * reports only: JSON escapes control characters itself, and the picture formats have escape-markup.ts.
 */
export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? hexEscape(c));
}

// --- internal ---

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function hexEscape(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}
