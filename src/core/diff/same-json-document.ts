/** Whether two JSON texts hold the same document (key order and layout included; unparsable text never matches). */
export function sameJsonDocument(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}
