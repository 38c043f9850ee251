/**
 * A JSON document as crossrole prints it: 2-space indent, a trailing newline, keys in the order built (every
 * renderer builds its document's keys in its schema's order, `formatVersion` and `command` first).
 */
export function renderJsonDocument(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
