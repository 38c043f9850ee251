import type { AccessPlan } from "../plan/access-plan.js";
import { policySize } from "../plan/policy-document.js";
import { type LintFinding, lintFinding } from "./lint-finding.js";

/** IAM's default trust policy quota, whitespace excluded (R11). */
export const TRUST_POLICY_LIMIT = 2048;
/** Above this size a warning says the quota is near. */
export const TRUST_POLICY_NEAR = 1800;

/** Security check 8: the trust policy fits IAM's 2,048-character quota (R11), with room to rotate an ID. */
export function lintTrustSize(plan: AccessPlan): LintFinding[] {
  return plan.targets.flatMap((target) => {
    const size = policySize(target.trustPolicy);
    if (size <= TRUST_POLICY_NEAR) return [];
    const over = size > TRUST_POLICY_LIMIT;
    return [
      lintFinding(
        over ? "trust-policy-too-large" : "trust-policy-near-limit",
        over ? "error" : "warning",
        target.name,
        `Target "${target.name}": the trust policy of ${target.roleArn} is ${size} characters without whitespace; IAM's default quota is ${TRUST_POLICY_LIMIT}${over ? ", so IAM rejects it" : ", leaving little room to add an ExternalId during rotation"}.`,
        "Remove principals and ExternalIds no build uses, or ask AWS to raise the quota (up to 4,096).",
      ),
    ];
  });
}
