import type { PolicyDocument, PolicyStatement } from "../plan/policy-document.js";
import { toList } from "../plan/policy-document.js";
import { describeStatement } from "./describe-statement.js";
import { type LintFinding, lintFinding } from "./lint-finding.js";
import { lintWebIdentityTrust } from "./lint-oidc-trust.js";
import { readCallerRestriction } from "./read-caller-restriction.js";
import { readExternalIdConditions, STRICT_OPERATOR } from "./read-external-id-conditions.js";
import { isWildcardPrincipal, principalAccount, readPrincipals } from "./read-principals.js";
import { statementAllowsAction } from "./statement-allows-action.js";

/** Where a live role's trust policy lives: the role and the account it is in. */
export interface RoleContext {
  roleArn: string;
  /** The account that owns the role: principals in it are not cross-account. */
  account: string;
}

/** What {@link lintRoleTrust} found: findings, and what it could not judge (a failure, never a pass). */
export interface RoleTrustVerdict {
  findings: LintFinding[];
  /** Parts of the document the rules do not understand; non-empty means the role is not judged. */
  unjudged: string[];
}

/**
 * The lint over ANY role's live trust policy (`crossrole audit`), not only roles crossrole manages. Each finding
 * has a fix:
 * - web identity trusts of IAM OIDC providers: the {@link lintWebIdentityTrust} rules (a trust without a `sub`
 *   condition is critical; a `sub` wildcard over a whole owner or platform is an error; `aud` warnings). Federated
 *   principals that are not IAM OIDC providers (Cognito identity pools, SAML providers, public IdPs such as
 *   accounts.google.com) pin their audience by design and are not judged by these rules;
 * - `trust-principal-wildcard`: `Principal: "*"` (or `{"AWS": "*"}`, ...) is critical unless a positive condition on
 *   the caller's identity or organization (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn,
 *   aws:SourceAccount, aws:SourceArn, ...) restricts it, then a warning. An ExternalId does not restrict it: it is
 *   not a secret; nor does a pattern over the account or organization (`arn:aws:iam::*:role/ci`, `o-*`). The
 *   restricted wildcard is then judged as the accounts it admits (readCallerRestriction): only the role's own
 *   account is the whole own account; another account, or an organization (which spans other accounts), needs the
 *   ExternalId below, as a named principal of another account does;
 * - `trust-not-principal`: Allow with NotPrincipal trusts everyone else (critical);
 * - `trust-cross-account-without-external-id` (error): sts:AssumeRole allowed to an AWS principal of another
 *   account without `StringEquals` on sts:ExternalId; `external-id-weak-operator` (error) when the ExternalId is
 *   tested with another operator. Service principals and principals of the role's own account need none;
 * - `trust-principal-account` (warning): a whole account (`arn:aws:iam::X:root` or `X`): every principal there
 *   whose identity policy allows it can assume the role. A whole other account without an ExternalId is the error
 *   above instead (it names the whole account);
 * - `trust-principal-unique-id` (warning): a raw unique ID (the principal was deleted).
 */
export function lintRoleTrust(trust: PolicyDocument, role: RoleContext): RoleTrustVerdict {
  const findings: LintFinding[] = [];
  const unjudged: string[] = [];
  trust.Statement.forEach((statement, i) => {
    if (statement.Effect !== "Allow") return;
    const where = `${role.roleArn}: trust ${describeStatement(statement, i)}`;
    if (statement.NotPrincipal !== undefined) findings.push(notPrincipal(where, statement));
    for (const entry of readPrincipals(statement.Principal)) {
      if (isWildcardPrincipal(entry)) {
        findings.push(...wildcard(where, entry.type, statement, role.account));
      } else if (entry.type === "AWS") {
        const verdict = awsPrincipal(where, entry.value, statement, role.account);
        if (typeof verdict === "string") unjudged.push(`${where}: ${verdict}`);
        else if (verdict !== undefined) findings.push(verdict);
      }
    }
  });
  findings.push(...lintWebIdentityTrust(oidcStatementsOnly(trust), { roleArn: role.roleArn }));
  return { findings, unjudged };
}

// --- internal ---

function allowsAssumeRole(statement: PolicyStatement): boolean {
  return statementAllowsAction(statement, "sts:AssumeRole");
}

/**
 * A wildcard principal: critical unless a condition restricts who the caller is ({@link readCallerRestriction}),
 * then a warning, and judged as the accounts it still admits are: when they may include accounts other than the
 * role's own (another account, an organization), sts:AssumeRole needs the ExternalId as a named foreign principal
 * does.
 */
function wildcard(where: string, type: string, statement: PolicyStatement, own: string): LintFinding[] {
  const shown = type === "*" ? '"*"' : `{"${type}": "*"}`;
  const restriction = readCallerRestriction(statement);
  if (restriction === undefined) {
    return [
      lintFinding(
        "trust-principal-wildcard",
        "error",
        undefined,
        `CRITICAL: ${where} allows Principal ${shown} without a condition on the caller's identity or organization: anyone in any AWS account${statement.Condition === undefined ? "" : " who meets its other conditions (an ExternalId is not a secret)"} can assume the role.`,
        'Replace "*" with the principals that need the role (arn:aws:iam::ACCOUNT:role/NAME), or at least add "StringEquals": { "aws:PrincipalOrgID": "o-..." }.',
      ),
    ];
  }
  const findings = [
    lintFinding(
      "trust-principal-wildcard",
      "warning",
      undefined,
      `${where} allows Principal ${shown}, restricted only by ${restriction.labels.join(", ")}: every principal that satisfies the condition can assume the role, including ones created later.`,
      "Name the principals that need the role (arn:aws:iam::ACCOUNT:role/NAME) instead of * with a condition, where you can.",
    ),
  ];
  const foreign =
    restriction.accounts === undefined
      ? "an organization (or of accounts crossrole cannot list), which may include accounts other than"
      : restriction.accounts.some((a) => a !== own)
        ? `the whole account(s) ${restriction.accounts.filter((a) => a !== own).join(", ")}, outside`
        : undefined;
  if (foreign !== undefined && (type === "*" || type === "AWS") && allowsAssumeRole(statement)) {
    const finding = crossAccountFinding(
      where,
      `every principal of ${foreign} the role's account ${own} (Principal ${shown} with ${restriction.labels.join(", ")})`,
      statement,
      false,
    );
    if (finding !== undefined) findings.push(finding);
  }
  return findings;
}

/**
 * sts:AssumeRole allowed to `what`, outside the role's account: an error without `StringEquals` on sts:ExternalId
 * (confused deputy), or with only a weaker operator; undefined when the ExternalId is required.
 */
function crossAccountFinding(
  where: string,
  what: string,
  statement: PolicyStatement,
  whole: boolean,
): LintFinding | undefined {
  const conditions = readExternalIdConditions(statement);
  if (conditions.length === 0) {
    return lintFinding(
      "trust-cross-account-without-external-id",
      "error",
      undefined,
      `${where} allows sts:AssumeRole to ${what} without an sts:ExternalId condition: anyone who can make that principal act for them (a deputy such as a CI or SaaS service serving several customers) reaches this role (confused deputy).`,
      `Add "StringEquals": { "sts:ExternalId": "<a random value of 32+ characters>" } to the statement and send it on every AssumeRole (external_id in ~/.aws/config; crossrole init generates one)${whole ? ", and name the one principal that needs the role instead of the whole account" : ""}. If the account is one of your own, the ExternalId is still what keeps a shared deputy there from being used against this role.`,
    );
  }
  if (conditions.some((c) => c.operator === STRICT_OPERATOR)) return undefined;
  return lintFinding(
    "external-id-weak-operator",
    "error",
    undefined,
    `${where} allows sts:AssumeRole to ${what} with sts:ExternalId tested by ${conditions.map((c) => c.operator).join(", ")}: only StringEquals requires the exact ID (IfExists and ForAllValues: hold without one, Like matches patterns, negated operators accept every other ID).`,
    'Use "StringEquals": { "sts:ExternalId": "<the id>" }.',
  );
}

function notPrincipal(where: string, statement: PolicyStatement): LintFinding {
  return lintFinding(
    "trust-not-principal",
    "error",
    undefined,
    `CRITICAL: ${where} allows with NotPrincipal ${JSON.stringify(statement.NotPrincipal)}: everyone except the listed principals, in any account, can assume the role.`,
    'Replace NotPrincipal with "Principal": {"AWS": "<the principals that need the role>"}.',
  );
}

/** A finding, nothing (fine), or a string: why the principal cannot be judged. */
function awsPrincipal(
  where: string,
  value: string,
  statement: PolicyStatement,
  own: string,
): LintFinding | string | undefined {
  if (/^A(?:ROA|IDA)[A-Z0-9]{12,}$/.test(value)) {
    return lintFinding(
      "trust-principal-unique-id",
      "warning",
      undefined,
      `${where} names the raw unique ID "${value}": IAM shows this when the principal it named was deleted, so the statement matches nobody (not even a principal recreated with the same name).`,
      "Remove the statement, or re-save the trust policy with the principal's ARN after recreating it.",
    );
  }
  const account = principalAccount(value);
  if (account === undefined) return `the AWS principal "${value}" names no account crossrole can read`;
  const whole = /^\d{12}$/.test(value) || /^arn:[^:]+:iam::\d{12}:root$/.test(value);
  const foreign = account !== own;
  if (foreign && allowsAssumeRole(statement)) {
    const what = whole ? `the whole account ${account} ("${value}")` : `"${value}" in account ${account}`;
    const finding = crossAccountFinding(
      where,
      `${what}, outside the role's account ${own},`,
      statement,
      whole,
    );
    if (finding !== undefined) return finding;
  }
  if (whole) {
    return lintFinding(
      "trust-principal-account",
      "warning",
      undefined,
      `${where} trusts the whole account ${account} ("${value}")${foreign ? "" : ", the role's own"}: every user and role there whose identity policy allows sts:AssumeRole on this role can assume it, including ones created later.`,
      "Name the principals that need the role (arn:aws:iam::ACCOUNT:role/NAME or user/NAME) instead of the account.",
    );
  }
  return undefined;
}

/**
 * The statements' web identity trusts of IAM OIDC providers only (`arn:...:oidc-provider/...`): their `sub` and
 * `aud` rules do not apply to Cognito identity pools, SAML providers or public IdPs.
 */
function oidcStatementsOnly(trust: PolicyDocument): PolicyDocument {
  const statements = trust.Statement.flatMap((statement) => {
    const principal = statement.Principal;
    if (principal === undefined || principal === "*") return [];
    const providers = toList(principal.Federated).filter((f) => f.includes(":oidc-provider/"));
    return providers.length === 0 ? [] : [{ ...statement, Principal: { Federated: providers } }];
  });
  return { Version: trust.Version, Statement: statements };
}
