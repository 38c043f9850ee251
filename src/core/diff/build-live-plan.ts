import { strictExternalIds } from "../lint/read-external-id-conditions.js";
import type { AccessPlan, BuildPlan, TargetPlan } from "../plan/access-plan.js";
import { POLICY_VERSION, type PolicyDocument } from "../plan/policy-document.js";
import type { LiveRole } from "./live-state.js";

/** What was read back from IAM for one target, for {@link buildLivePlan}. */
export interface LiveTargetDocuments {
  plan: TargetPlan;
  role: LiveRole;
  /** Every inline policy on the role by name (crossrole's and anyone else's), documents decoded. */
  inlinePolicies: Record<string, PolicyDocument>;
}

/**
 * An AccessPlan-shaped view of LIVE documents, so the security lint (which reads only documents) reviews what AWS
 * actually enforces (check 13): each role's live trust, MaxSessionDuration and attached policies, all its inline
 * policies merged into one permission document, and the BUILD principal's live grant (`undefined`: not read, the
 * planned grant stands in). A grant that was read but is missing becomes an empty document, which the lint
 * reports as a missing grant. Pure.
 */
export function buildLivePlan(
  plan: AccessPlan,
  targets: readonly LiveTargetDocuments[],
  grantPolicy: PolicyDocument | null | undefined,
): AccessPlan {
  const build: BuildPlan =
    grantPolicy === undefined
      ? plan.build
      : { ...plan.build, grantPolicy: grantPolicy ?? { Version: POLICY_VERSION, Statement: [] } };
  return { source: `${plan.source} (live)`, build, targets: targets.map(liveTarget) };
}

// --- internal ---

function liveTarget(live: LiveTargetDocuments): TargetPlan {
  const statements = Object.values(live.inlinePolicies).flatMap((document) => document.Statement);
  const target: TargetPlan = {
    ...live.plan,
    roleArn: live.role.arn === "" ? live.plan.roleArn : live.role.arn,
    externalIds: strictExternalIds(live.role.trustPolicy),
    maxSessionDuration: live.role.maxSessionDuration,
    trustPolicy: live.role.trustPolicy,
    managedPolicyArns: [...live.role.attachedPolicyArns].sort(),
    tags: live.role.tags,
  };
  delete target.permissionPolicy;
  delete target.permissionTemplate;
  if (statements.length > 0) target.permissionPolicy = { Version: POLICY_VERSION, Statement: statements };
  return target;
}
