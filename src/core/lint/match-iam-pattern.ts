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
  return caseSensitive ? matchGlob(pattern, value) : matchGlob(pattern.toLowerCase(), value.toLowerCase());
}

/** Whether a pattern contains an IAM wildcard. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

// --- internal ---

/**
 * `*` and `?` matching without a regular expression: a pattern such as `*a*a*a*…b` compiled to `.*a.*a.*…b` made
 * V8 backtrack polynomially on a long value. This scan remembers only the last `*` and retries from there, so it
 * takes at most (pattern length × value length) steps, and one pass for the usual patterns.
 */
function matchGlob(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < value.length) {
    const c = pattern[p];
    if (c === "*") {
      star = p++;
      resume = v;
    } else if (c !== undefined && (c === "?" || c === value[v])) {
      p++;
      v++;
    } else if (star >= 0) {
      p = star + 1;
      v = ++resume;
    } else return false;
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}
