/**
 * Whether `text` matches `pattern`, where `*` in the pattern stands for any run of characters (none included) and
 * every other character for itself, case-sensitively (IAM ARNs are). Linear-time greedy matching with one backtrack
 * point, never a regular expression: a pattern of many stars cannot make it slow.
 * @example matchesWildcard("arn:aws:iam::*:role/OrganizationAccountAccessRole", "arn:aws:iam::123456789012:role/OrganizationAccountAccessRole") // true
 */
export function matchesWildcard(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== "*" && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      resume = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}
