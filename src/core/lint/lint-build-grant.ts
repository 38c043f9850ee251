import type { AccessPlan, TargetPlan } from "../plan/access-plan.js";
import { type PolicyStatement, toList } from "../plan/policy-document.js";
import { describeStatement } from "./describe-statement.js";
import { type LintFinding, lintFinding } from "./lint-finding.js";
import { TRUST_ACTIONS } from "./lint-trust-shape.js";
import { hasWildcard, matchesIamPattern } from "./match-iam-pattern.js";

/**
 * Security check 5 on the BUILD grant: Allow statements name exactly the targets' role ARNs (never `*` or
 * `arn:aws:iam::*:role/*`), allow only the assume actions, and cover every target, including the session actions
 * its trust allows (cross-account, both sides must allow, R5, R17).
 */
export function lintBuildGrant(plan: AccessPlan): LintFinding[] {
  const allows = plan.build.grantPolicy.Statement.filter((s) => s.Effect === "Allow");
  const roleArns = new Set(plan.targets.map((t) => t.roleArn));
  return [
    ...plan.build.grantPolicy.Statement.flatMap((s, i) =>
      s.Effect === "Allow" ? lintStatement(s, i, roleArns) : [],
    ),
    ...plan.targets.flatMap((t) => lintCoverage(t, allows)),
  ];
}

// --- internal ---

const WHERE = "BUILD grant";

function lintStatement(statement: PolicyStatement, i: number, roleArns: Set<string>): LintFinding[] {
  const where = `${WHERE} ${describeStatement(statement, i)}`;
  const findings: LintFinding[] = [];
  const resources = toList(statement.Resource);
  const wild = resources.filter(hasWildcard);
  if (statement.NotResource !== undefined || wild.length > 0) {
    const what = statement.NotResource === undefined ? wild.map((r) => `"${r}"`).join(", ") : "NotResource";
    findings.push(
      lintFinding(
        "grant-resource-wildcard",
        "error",
        undefined,
        `${where} allows ${what}: a compromised build principal can assume any role that trusts the BUILD account, not just the targets.`,
        "List exactly the target role ARNs as Resource (`crossrole plan` shows the exact grant).",
      ),
    );
  }
  const unknown = resources.filter((r) => !hasWildcard(r) && !roleArns.has(r));
  if (unknown.length > 0) {
    findings.push(
      lintFinding(
        "grant-resource-unknown",
        "warning",
        undefined,
        `${where} names ${unknown.map((r) => `"${r}"`).join(", ")}, which ${unknown.length > 1 ? "are" : "is"} not the role of any target in the plan.`,
        "Remove roles no target uses, or add them to the spec as targets.",
      ),
    );
  }
  const extra = [
    ...toList(statement.Action).filter(
      (a) => !TRUST_ACTIONS.some((t) => t.toLowerCase() === a.toLowerCase()),
    ),
    ...(statement.NotAction === undefined ? [] : ["NotAction"]),
  ];
  if (extra.length > 0) {
    findings.push(
      lintFinding(
        "grant-action-extra",
        "warning",
        undefined,
        `${where} allows ${extra.map((a) => `"${a}"`).join(", ")}: the grant needs only sts:AssumeRole (plus sts:TagSession / sts:SetSourceIdentity where the targets allow them).`,
        "Move other permissions of the build principal into a policy of their own, outside crossrole's grant.",
      ),
    );
  }
  return findings;
}

/** Each target's role must be assumable through the grant, with each session action its trust allows. */
function lintCoverage(target: TargetPlan, allows: PolicyStatement[]): LintFinding[] {
  const trusted = target.trustPolicy.Statement.filter((s) => s.Effect === "Allow").flatMap((s) =>
    toList(s.Action),
  );
  const needed = TRUST_ACTIONS.filter((a) => a === "sts:AssumeRole" || trusted.includes(a));
  const missing = needed.filter((action) => !allows.some((s) => grants(s, action, target.roleArn)));
  if (missing.length === 0) return [];
  const assume = missing.includes("sts:AssumeRole");
  return [
    lintFinding(
      assume ? "grant-missing-target" : "grant-missing-session-action",
      assume ? "error" : "warning",
      target.name,
      `Target "${target.name}": the BUILD grant does not allow ${missing.join(", ")} on ${target.roleArn}, so ${assume ? "AssumeRole from the BUILD account is denied" : "AssumeRole with session tags or a source identity is denied"} (cross-account, both sides must allow).`,
      `Add ${missing.join(", ")} on ${target.roleArn} to the BUILD principal's grant (\`crossrole plan\` shows the exact grant).`,
    ),
  ];
}

function grants(statement: PolicyStatement, action: string, roleArn: string): boolean {
  if (statement.NotAction !== undefined || statement.NotResource !== undefined) return false;
  return (
    toList(statement.Action).some((a) => matchesIamPattern(a, action)) &&
    toList(statement.Resource).some((r) => matchesIamPattern(r, roleArn, true))
  );
}
