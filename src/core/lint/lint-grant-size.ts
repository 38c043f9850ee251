import type { AccessPlan } from "../plan/access-plan.js";
import { ATTACHED_POLICIES_LIMIT } from "../plan/grant-layout.js";
import { type LintFinding, lintFinding } from "./lint-finding.js";

/**
 * Check 8 for the BUILD side: a grant over the principal's inline quota is stored as customer-managed policies of
 * 6,144 characters (grant-layout.ts); IAM attaches at most 10 to a user or role by default and 20 after a quota
 * increase.
 */
export function lintGrantSize(plan: AccessPlan): LintFinding[] {
  const layout = plan.build.grantLayout;
  if (layout.kind !== "managed" || layout.parts.length <= ATTACHED_POLICIES_LIMIT.default) return [];
  const n = layout.parts.length;
  const over = n > ATTACHED_POLICIES_LIMIT.max;
  return [
    lintFinding(
      over ? "grant-too-many-policies" : "grant-needs-policy-quota",
      over ? "error" : "warning",
      undefined,
      `The BUILD grant covers ${plan.targets.length} target roles and needs ${n} customer-managed policies of 6,144 characters; IAM lets a ${plan.build.principalKind} have ${over ? `at most ${ATTACHED_POLICIES_LIMIT.max}` : `${ATTACHED_POLICIES_LIMIT.default} by default (quota "Managed policies per ${plan.build.principalKind}")`} attached, counting policies others attached.`,
      over
        ? "Split the targets across several BUILD principals (one spec each), or shorten role names and paths."
        : `Ask AWS to raise the quota to ${n} or more before crossrole apply, or shorten role names and paths.`,
    ),
  ];
}
