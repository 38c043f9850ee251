/** An AWS or SDK message as one line of at most 300 characters, for error messages and probe evidence. */
export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
