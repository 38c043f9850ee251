import { hasIamWildcard } from "../identifiers/oidc-issuers.js";
import type { AccessPlan } from "../plan/access-plan.js";
import { type PolicyDocument, type PolicyStatement, toList } from "../plan/policy-document.js";
import { type LintFinding, lintFinding } from "./lint-finding.js";
import { readPrincipals } from "./read-principals.js";
import { statementAllowsAction } from "./statement-allows-action.js";

/** Role chaining's cap on the target hop, in seconds (R8). */
export const CHAINING_CAP_SECONDS = 3600;

/**
 * Keyless builds: the BUILD role's web identity trust (the plan's `build.oidc`). Findings, each with a fix:
 * - `oidc-trust-without-sub` (error, CRITICAL): an Allow of sts:AssumeRoleWithWebIdentity for an OIDC provider with
 *   no condition that pins `<provider>:sub` (none, or only one that holds when the claim is absent or different:
 *   ForAllValues:, ...IfExists, negated operators). Any repository on the platform can assume the role.
 * - `oidc-sub-wildcard-too-broad` (error): a `sub` pattern over a whole platform or owner (`*`, `repo:*`,
 *   `repo:acme/*`, `repo:acme/app*`, `project_path:acme/*`).
 * - `oidc-stringlike-without-wildcard` (warning): StringLike on values without `*` or `?` (StringEquals says it).
 * - `oidc-audience-missing` / `oidc-audience-unusual` (warning): no `<provider>:aud` condition, or one that is not
 *   the audience the platform's AWS integration requests.
 * - `oidc-session-over-chaining-cap` (warning): the BUILD role's MaxSessionDuration is above one hour.
 */
export function lintOidc(plan: AccessPlan): LintFinding[] {
  const oidc = plan.build.oidc;
  if (oidc === undefined) return [];
  return [
    ...lintWebIdentityTrust(oidc.trustPolicy, { roleArn: oidc.roleArn }),
    ...lintOidcSession(oidc.roleArn, oidc.maxSessionDuration),
  ];
}

/** Where a trust policy lives, for messages; `target` names a target (absent: BUILD side). */
export interface TrustContext {
  roleArn: string;
  target?: string;
}

/**
 * The web identity findings of any trust policy (the plan's, or a live role's read back from AWS): statements that
 * allow sts:AssumeRoleWithWebIdentity (by Action, a wildcard, or a NotAction that leaves it) to an OIDC provider
 * (`Federated`).
 */
export function lintWebIdentityTrust(trust: PolicyDocument, context: TrustContext): LintFinding[] {
  return trust.Statement.flatMap((statement) => {
    if (statement.Effect !== "Allow" || !allowsWebIdentity(statement)) return [];
    return readPrincipals(statement.Principal)
      .filter((p) => p.type === "Federated")
      .flatMap((p) => lintStatement(statement, providerKeyPrefix(p.value), p.value, context));
  });
}

// --- internal ---

const POSITIVE_STRING_OPERATORS = new Set([
  "StringEquals",
  "StringLike",
  "StringEqualsIgnoreCase",
  "ForAnyValue:StringEquals",
  "ForAnyValue:StringLike",
  "ForAnyValue:StringEqualsIgnoreCase",
]);

/** The platforms' audiences for AWS: what aws-actions/configure-aws-credentials and GitLab's guide request. */
const USUAL_AUDIENCE = "sts.amazonaws.com";

/** `NotAction` counts: `NotAction: sts:TagSession` allows web identity as much as the action itself does. */
function allowsWebIdentity(statement: PolicyStatement): boolean {
  return statementAllowsAction(statement, "sts:AssumeRoleWithWebIdentity");
}

/** `arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com` → `token.actions.githubusercontent.com`. */
function providerKeyPrefix(federated: string): string {
  const cut = federated.indexOf(":oidc-provider/");
  return cut < 0 ? federated : federated.slice(cut + ":oidc-provider/".length);
}

interface KeyCondition {
  operator: string;
  values: string[];
}

/** The conditions on `<prefix>:<claim>` (keys compared ignoring case, as IAM does). */
function conditionsOn(statement: PolicyStatement, key: string): KeyCondition[] {
  return Object.entries(statement.Condition ?? {}).flatMap(([operator, block]) =>
    Object.entries(block)
      .filter(([k]) => k.toLowerCase() === key.toLowerCase())
      .map(([, values]) => ({ operator, values: toList(values).map(String) })),
  );
}

function lintStatement(
  statement: PolicyStatement,
  prefix: string,
  providerArn: string,
  context: TrustContext,
): LintFinding[] {
  const where = `${context.roleArn} trusts ${providerArn}${statement.Sid ? ` (statement ${statement.Sid})` : ""}`;
  const subKey = `${prefix}:sub`;
  const audKey = `${prefix}:aud`;
  const findings: LintFinding[] = [];
  const subs = conditionsOn(statement, subKey);
  const pinning = subs.filter((c) => POSITIVE_STRING_OPERATORS.has(c.operator));
  if (pinning.length === 0) {
    findings.push(
      lintFinding(
        "oidc-trust-without-sub",
        "error",
        context.target,
        `CRITICAL: ${where} for sts:AssumeRoleWithWebIdentity without a condition that pins ${subKey}${subs.length > 0 ? ` (only ${subs.map((c) => c.operator).join(", ")}, which hold when the claim is absent or different)` : ""}: every repository or project on that platform can get a token with the right audience and assume the role.`,
        `Add "StringEquals": { "${subKey}": "<the exact subject>" } (crossrole: list the subjects under build.oidc.subjects, e.g. repo:OWNER/REPO:ref:refs/heads/main).`,
      ),
    );
  }
  for (const condition of pinning.filter((c) => c.operator.includes("Like"))) {
    for (const value of condition.values.filter((v) => hasIamWildcard(v) && isTooBroad(v))) {
      findings.push(
        lintFinding(
          "oidc-sub-wildcard-too-broad",
          "error",
          context.target,
          `${where} for any ${subKey} matching "${value}": the wildcard covers ${broadWhat(value)}, so workflows you do not control can assume the role.`,
          `Write the owner and repository (or project path) in full before any wildcard, e.g. repo:OWNER/REPO:ref:refs/heads/* or repo:OWNER/REPO:environment:production; better, list exact subjects.`,
        ),
      );
    }
  }
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    if (!operator.replace(/IfExists$/, "").endsWith("StringLike")) continue;
    for (const [key, raw] of Object.entries(block)) {
      const values = toList(raw).map(String);
      if (values.some(hasIamWildcard)) continue;
      findings.push(
        lintFinding(
          "oidc-stringlike-without-wildcard",
          "warning",
          context.target,
          `${where} with ${operator} on ${key} for values without a wildcard (${values.join(", ")}): StringLike then means StringEquals, but reads as if a pattern were intended, and a later edit adding * widens it silently.`,
          `Use StringEquals for ${key}, or write the wildcard that is meant.`,
        ),
      );
    }
  }
  const auds = conditionsOn(statement, audKey).filter((c) => POSITIVE_STRING_OPERATORS.has(c.operator));
  if (auds.length === 0) {
    findings.push(
      lintFinding(
        "oidc-audience-missing",
        "warning",
        context.target,
        `${where} without a ${audKey} condition: any audience the provider lists as client ID is accepted, including tokens requested for another service.`,
        `Add "StringEquals": { "${audKey}": "${USUAL_AUDIENCE}" } (crossrole writes build.oidc.audience).`,
      ),
    );
  } else {
    const expected = usualAudiences(prefix);
    const unusual = auds.flatMap((c) =>
      c.values.filter((v) => hasIamWildcard(v) || c.operator.includes("Like") || !expected.includes(v)),
    );
    if (unusual.length > 0) {
      findings.push(
        lintFinding(
          "oidc-audience-unusual",
          "warning",
          context.target,
          `${where} with ${audKey} ${unusual.map((v) => `"${v}"`).join(", ")}, not the audience CI platforms request for AWS (${expected.join(" or ")}): check that it is a value only your AWS integration asks for (GitHub's default audience, https://github.com/OWNER, is the same for every cloud the owner federates with).`,
          `Use "${USUAL_AUDIENCE}" with StringEquals (the default of aws-actions/configure-aws-credentials), or your platform's documented AWS audience, unless you chose another on purpose.`,
        ),
      );
    }
  }
  return findings;
}

function usualAudiences(prefix: string): string[] {
  const host = prefix.split("/")[0] ?? prefix;
  return prefix === "token.actions.githubusercontent.com"
    ? [USUAL_AUDIENCE]
    : [USUAL_AUDIENCE, `https://${host}`];
}

/**
 * A subject pattern over a whole platform or owner: the text before its first wildcard does not yet name one
 * repository (`repo:OWNER/REPO:`) or one project (`project_path:PATH:`) completely. Other issuers' subjects have no
 * known shape: only a pattern that starts with a wildcard is judged too broad.
 */
function isTooBroad(pattern: string): boolean {
  const first = Math.min(...["*", "?"].map((w) => pattern.indexOf(w)).filter((i) => i >= 0));
  const fixed = pattern.slice(0, first);
  if (fixed.startsWith("repo:")) return !/^repo:[^/:]+\/[^/:]+:/.test(fixed);
  if (fixed.startsWith("project_path:")) return !/^project_path:[^:]+:/.test(fixed);
  return fixed === "" || fixed === "repo" || fixed === "project_path";
}

function broadWhat(pattern: string): string {
  if (pattern.startsWith("repo:") && /^repo:[^/:]+\//.test(pattern))
    return "every repository of that owner (or whose name starts the same)";
  if (pattern.startsWith("project_path:"))
    return "every project under that path (or whose path starts the same)";
  return "every repository or project on the platform";
}

function lintOidcSession(roleArn: string, seconds: number): LintFinding[] {
  if (seconds <= CHAINING_CAP_SECONDS) return [];
  return [
    lintFinding(
      "oidc-session-over-chaining-cap",
      "warning",
      undefined,
      `The BUILD role ${roleArn} allows ${seconds} s sessions, above the 1-hour cap role chaining puts on the target hop: a longer BUILD session does not make target sessions longer, and keeps a leaked BUILD session valid longer.`,
      "Leave build.oidc.maxSessionDuration out (3600): long builds refresh both hops (crossrole serve, exec --serve) with a new token.",
    ),
  ];
}
