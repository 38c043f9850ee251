/**
 * Whether an IAM pattern (`*` any run, `?` one character) matches a value. Actions compare case-insensitively, as
 * IAM does; pass `caseSensitive` for ARNs.
 */
export function matchesIamPattern(pattern: string, value: string, caseSensitive = false): boolean {
  const body = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/-]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, caseSensitive ? "" : "i").test(value);
}

/** Whether a pattern contains an IAM wildcard. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}
