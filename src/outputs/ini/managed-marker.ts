import type { IniDocument } from "./parse-ini.js";

/**
 * crossrole marks every section it writes with a comment line immediately above the section header:
 *
 *     # managed by crossrole (target ourthing); edits inside this section may be overwritten
 *     [profile ourthing]
 *
 * Only a section carrying this marker is ever rewritten or removed by crossrole; any other section with the same
 * name is refused unless the user passes --force (which then adds the marker). The text in parentheses says where
 * the section came from; it is informational. ASCII only, so every reader decodes it the same way.
 */
export const MANAGED_MARKER_PREFIX = "# managed by crossrole";

/** The marker line's text for a section that came from `origin` (e.g. `target ourthing`). */
export function formatManagedMarker(origin: string): string {
  const safe = origin.replace(/[^\x20-\x7E]/g, "?").replace(/[()]/g, "");
  return `${MANAGED_MARKER_PREFIX} (${safe}); edits inside this section may be overwritten`;
}

/** True when a line's text is a crossrole marker (`#` or `;`, any spacing after the comment character). */
export function isManagedMarker(text: string): boolean {
  return /^\s*[#;]\s*managed by crossrole\b/.test(text);
}

/** True when the line immediately above the header at `header` is a crossrole marker. */
export function hasManagedMarker(doc: IniDocument, header: number): boolean {
  const above = doc.lines[header - 1];
  return above !== undefined && above.kind === "comment" && isManagedMarker(above.text);
}
