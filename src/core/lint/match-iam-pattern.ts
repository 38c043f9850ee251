/**
 * Whether an IAM pattern (`*` any run, `?` one character) matches a value. Actions compare case-insensitively, as
 * IAM does; pass `caseSensitive` for ARNs.
 */
export function matchesIamPattern(pattern: string, value: string, caseSensitive = false): boolean {
  // Most patterns are exact ARNs or actions: compare them directly. A spec with hundreds of targets checks every
  // role ARN against every grant resource, so compiling a RegExp per comparison made lint quadratic in practice.
  if (!hasWildcard(pattern)) {
    return caseSensitive ? pattern === value : pattern.toLowerCase() === value.toLowerCase();
  }
  return compile(pattern, caseSensitive).test(value);
}

/** Whether a pattern contains an IAM wildcard. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

// --- internal ---

const compiled = new Map<string, RegExp>();
const MAX_COMPILED = 1000;

function compile(pattern: string, caseSensitive: boolean): RegExp {
  const key = `${caseSensitive ? "s" : "i"}${pattern}`;
  let regex = compiled.get(key);
  if (regex === undefined) {
    const body = pattern
      .split("")
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/-]/g, "\\$&")))
      .join("");
    regex = new RegExp(`^${body}$`, caseSensitive ? "" : "i");
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(key, regex);
  }
  return regex;
}
