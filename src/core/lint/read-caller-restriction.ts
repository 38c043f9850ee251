import { type PolicyStatement, toList } from "../plan/policy-document.js";
import { hasWildcard } from "./match-iam-pattern.js";

/**
 * Who a statement with a wildcard principal (`"*"`, `{"AWS": "*"}`) still admits, read from its conditions on the
 * caller's identity or organization:
 * - `accounts`: exactly these accounts (aws:PrincipalAccount / aws:SourceAccount values, or the account field of
 *   aws:PrincipalArn / aws:SourceArn values), so the statement is judged as those whole accounts are;
 * - `accounts: undefined`: some accounts crossrole cannot list (an organization or an OU path: an organization
 *   spans accounts other than the role's; an ARN without an account field, such as an S3 bucket's), so judged as
 *   other accounts;
 * - undefined: nobody is ruled out, so the principal is everyone.
 * A condition restricts only when every value of it does (its values are alternatives) and it holds only when the
 * key is present and matches (no IfExists, no negation, no ForAllValues:). A pattern over the account (`1*`,
 * `arn:aws:iam::*:role/ci`, anyone can create that role) or over the organization ID (`o-*`) restricts nothing.
 * Several restricting conditions all hold: the accounts are their intersection.
 */
export interface CallerRestriction {
  /** The conditions that restrict, e.g. `StringEquals aws:PrincipalOrgID`. */
  labels: string[];
  accounts: string[] | undefined;
}

export function readCallerRestriction(statement: PolicyStatement): CallerRestriction | undefined {
  const labels: string[] = [];
  let accounts: Set<string> | undefined;
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    if (!RESTRICTING_OPERATOR.test(operator)) continue;
    const like = operator.includes("Like");
    for (const [key, raw] of Object.entries(block)) {
      const kind = KEY_KINDS.get(key.toLowerCase());
      if (kind === undefined) continue;
      const values = toList(raw).map(String);
      const read = values.map((v) => readValue(kind, v, like));
      if (values.length === 0 || read.some((r) => r === NOTHING)) continue;
      labels.push(`${operator} ${key}`);
      if (read.some((r) => r === UNLISTED)) continue;
      const these = new Set(read as string[]);
      accounts = accounts === undefined ? these : new Set([...accounts].filter((a) => these.has(a)));
    }
  }
  if (labels.length === 0) return undefined;
  return { labels, accounts: accounts === undefined ? undefined : [...accounts].sort() };
}

// --- internal ---

/** Operators that hold only when the key is present and matches (not IfExists, not negated, not ForAllValues). */
const RESTRICTING_OPERATOR =
  /^(?:ForAnyValue:)?(?:StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/;

type KeyKind = "account" | "arn" | "org" | "org-path";

const KEY_KINDS = new Map<string, KeyKind>([
  ["aws:principalaccount", "account"],
  ["aws:sourceaccount", "account"],
  ["aws:principalarn", "arn"],
  ["aws:sourcearn", "arn"],
  ["aws:principalorgid", "org"],
  ["aws:sourceorgid", "org"],
  ["aws:principalorgpaths", "org-path"],
  ["aws:sourceorgpaths", "org-path"],
]);

/** The value restricts nothing (a pattern over the account or organization). */
const NOTHING = Symbol("nothing");
/** The value restricts to accounts that cannot be listed (an organization, an ARN without an account). */
const UNLISTED = Symbol("unlisted");

/** An account ID the value pins, or what else it means. `like`: the operator reads `*` and `?` as wildcards. */
function readValue(kind: KeyKind, value: string, like: boolean): string | typeof NOTHING | typeof UNLISTED {
  const pattern = (text: string) => like && hasWildcard(text);
  switch (kind) {
    case "account":
      return value === "" || pattern(value) ? NOTHING : value;
    case "arn": {
      const parts = value.split(":");
      if (parts.length < 6 || parts[0] !== "arn" || pattern(parts.slice(0, 5).join(":"))) return NOTHING;
      const account = parts[4] ?? "";
      if (account !== "") return account;
      // An ARN with no account (an S3 bucket's): restricts to whoever owns the resource it names.
      const resource = parts.slice(5).join(":");
      return resource === "" || (like && /^[*?]/.test(resource)) ? NOTHING : UNLISTED;
    }
    case "org":
      return value === "" || pattern(value) ? NOTHING : UNLISTED;
    case "org-path": {
      const org = value.split("/")[0] ?? "";
      return org === "" || pattern(org) ? NOTHING : UNLISTED;
    }
  }
}
