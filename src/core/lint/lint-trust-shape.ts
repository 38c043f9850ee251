import type { AccessPlan, TargetPlan } from "../plan/access-plan.js";
import { type PolicyStatement, toList } from "../plan/policy-document.js";
import { describeStatement } from "./describe-statement.js";
import { type LintFinding, lintFinding } from "./lint-finding.js";
import { hasWildcard, matchesIamPattern } from "./match-iam-pattern.js";
import { readExternalIdConditions } from "./read-external-id-conditions.js";

/** Actions a build role's trust policy may allow (security check 4). */
export const TRUST_ACTIONS = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"];
/** Actions whose request context has no `sts:ExternalId` (Service Authorization Reference for STS). */
const SESSION_ACTIONS = ["sts:TagSession", "sts:SetSourceIdentity"];

/**
 * Security check 4 on each trust policy: no Resource/NotResource (a trust policy's resource is the role itself),
 * Allow only sts:AssumeRole (+ TagSession, SetSourceIdentity), no wildcard actions, no NotAction, and at least
 * one Allow statement. TagSession / SetSourceIdentity in a statement conditioned on `sts:ExternalId` never match
 * (their request context has no such key), so AssumeRole with session tags or a source identity is denied.
 */
export function lintTrustShape(plan: AccessPlan): LintFinding[] {
  return plan.targets.flatMap((target) => [
    ...target.trustPolicy.Statement.flatMap((s, i) => lintStatement(target, s, i)),
    ...denyOnly(target),
  ]);
}

// --- internal ---

function lintStatement(target: TargetPlan, statement: PolicyStatement, i: number): LintFinding[] {
  const where = `Target "${target.name}": trust policy ${describeStatement(statement, i)} of ${target.roleArn}`;
  const findings: LintFinding[] = [];
  for (const key of ["Resource", "NotResource"] as const) {
    if (statement[key] === undefined) continue;
    findings.push(
      lintFinding(
        "trust-resource",
        "error",
        target.name,
        `${where} has a ${key} element (${JSON.stringify(statement[key])}): trust policies may not name resources, and IAM rejects the document.`,
        `Remove ${key} from the trust policy.`,
      ),
    );
  }
  if (statement.Effect === "Allow") findings.push(...lintAllowActions(target, where, statement));
  return findings;
}

function lintAllowActions(target: TargetPlan, where: string, statement: PolicyStatement): LintFinding[] {
  const findings: LintFinding[] = [];
  if (statement.NotAction !== undefined) {
    findings.push(
      lintFinding(
        "trust-not-action",
        "error",
        target.name,
        `${where} allows NotAction ${JSON.stringify(statement.NotAction)}: every other STS action on the role is allowed.`,
        'Use "Action": "sts:AssumeRole" (plus sts:TagSession or sts:SetSourceIdentity if callers use them).',
      ),
    );
  }
  const actions = toList(statement.Action);
  const session = actions.filter((a) => SESSION_ACTIONS.some((t) => matchesIamPattern(a, t)));
  if (session.length > 0 && readExternalIdConditions(statement).length > 0) {
    findings.push(
      lintFinding(
        "trust-session-action-external-id",
        "warning",
        target.name,
        `${where} allows ${session.map((a) => `"${a}"`).join(", ")} only with an sts:ExternalId condition: AWS authorises those actions with a request context that has no sts:ExternalId, so the statement never allows them and AssumeRole with session tags or a source identity is denied.`,
        "Allow them in a statement of their own for the same principal, without the ExternalId condition (AssumeRole keeps it): `crossrole apply` writes that layout.",
      ),
    );
  }
  const wild = actions.filter(hasWildcard);
  const extra = actions.filter(
    (a) => !hasWildcard(a) && !TRUST_ACTIONS.some((t) => t.toLowerCase() === a.toLowerCase()),
  );
  if (wild.length > 0) {
    findings.push(
      lintFinding(
        "trust-action-wildcard",
        "error",
        target.name,
        `${where} allows wildcard action ${wild.map((a) => `"${a}"`).join(", ")}: it includes every assume variant (web identity, SAML) and whatever STS adds later.`,
        'Allow exactly "sts:AssumeRole" (plus sts:TagSession or sts:SetSourceIdentity if callers use them).',
      ),
    );
  }
  if (extra.length > 0) {
    findings.push(
      lintFinding(
        "trust-action-unexpected",
        "error",
        target.name,
        `${where} allows ${extra.map((a) => `"${a}"`).join(", ")}: a build role's trust needs only sts:AssumeRole, sts:TagSession and sts:SetSourceIdentity.`,
        `Remove ${extra.join(", ")} from the trust policy.`,
      ),
    );
  }
  return findings;
}

function denyOnly(target: TargetPlan): LintFinding[] {
  if (target.trustPolicy.Statement.some((s) => s.Effect === "Allow")) return [];
  return [
    lintFinding(
      "trust-deny-only",
      "info",
      target.name,
      `Target "${target.name}": the trust policy of ${target.roleArn} has no Allow statement, so nobody can assume the role and builds will fail.`,
      "If the role is meant to be usable, add the crossrole trust statement.",
    ),
  ];
}
