import type { AccessPlan } from "../plan/access-plan.js";
import { type LintFinding, lintFinding } from "./lint-finding.js";

/**
 * Roles cannot be assumed across partitions (aws, aws-cn, aws-us-gov): a target whose role lives in another
 * partition than the BUILD principal can never be reached.
 */
export function lintPartition(plan: AccessPlan): LintFinding[] {
  return plan.targets
    .filter((t) => t.partition !== plan.build.partition)
    .map((t) =>
      lintFinding(
        "partition-mismatch",
        "error",
        t.name,
        `Target "${t.name}": ${t.roleArn} is in partition ${t.partition} (region ${t.region}) but the BUILD principal ${plan.build.principalArn} is in ${plan.build.partition}; AssumeRole does not cross partitions.`,
        `Use a BUILD principal in ${t.partition} for this target (a separate spec), or a target region in ${plan.build.partition}.`,
      ),
    );
}
