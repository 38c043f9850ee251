import { type BuildPlan, PERMISSION_POLICY_NAME, type TargetPlan } from "../plan/access-plan.js";
import { grantsAnything } from "../plan/build-grant-policy.js";
import { liveGrantLayout } from "../plan/grant-layout.js";
import type { BuildDiff, TargetDiff } from "./diff-access.js";
import type { IamCall } from "./iam-call.js";
import type { LiveGrantStorage } from "./live-state.js";
import { planGrantStorage } from "./plan-grant-storage.js";

/**
 * Turns a semantic diff into the minimum ordered list of IAM write calls that makes live equal desired. Nothing in
 * sync produces an empty list (a second apply makes zero writes). Pure.
 */

/** Options of {@link planTargetChanges}. */
export interface PlanTargetChangesOptions {
  /** Take over a role that exists without crossrole's tag (`--adopt`). Otherwise such a role gets no calls. */
  adopt?: boolean;
}

/**
 * The calls for one target, in order: create the role (trust, MaxSessionDuration, description and tags in one
 * CreateRole), or, for an existing role, the trust policy first (it is what access hinges on), then UpdateRole,
 * TagRole (on adoption this is what marks the role as crossrole's); then the inline permission policy, and the
 * managed-policy attachments (attach before detach, so capabilities never drop to nothing mid-way).
 *
 * Returns an empty list for a role in sync, and for an unmanaged role when not adopting (the caller refuses it).
 */
export function planTargetChanges(
  plan: TargetPlan,
  diff: TargetDiff,
  options: PlanTargetChangesOptions = {},
): IamCall[] {
  const roleName = plan.roleName;
  if (diff.status === "in-sync") return [];
  if (diff.status === "unmanaged" && options.adopt !== true) return [];
  const calls: IamCall[] = [];
  if (diff.status === "create") {
    calls.push({
      kind: "CreateRole",
      roleName,
      path: plan.rolePath,
      trustPolicy: plan.trustPolicy,
      ...(plan.description === undefined ? {} : { description: plan.description }),
      maxSessionDuration: plan.maxSessionDuration,
      tags: plan.tags,
    });
  } else {
    if (!diff.trust.equal)
      calls.push({ kind: "UpdateAssumeRolePolicy", roleName, trustPolicy: plan.trustPolicy });
    if (diff.maxSessionDuration !== undefined || diff.description !== undefined) {
      // UpdateRole sets both fields (an omitted Description may be cleared), so send the desired values of both.
      calls.push({
        kind: "UpdateRole",
        roleName,
        maxSessionDuration: plan.maxSessionDuration,
        ...(plan.description === undefined ? {} : { description: plan.description }),
      });
    }
    if (diff.tags.length > 0) {
      calls.push({
        kind: "TagRole",
        roleName,
        tags: Object.fromEntries(diff.tags.map((t) => [t.key, t.desired])),
      });
    }
  }
  if (!diff.permissions.equal) {
    calls.push(
      plan.permissionPolicy === undefined
        ? { kind: "DeleteRolePolicy", roleName, policyName: PERMISSION_POLICY_NAME }
        : {
            kind: "PutRolePolicy",
            roleName,
            policyName: PERMISSION_POLICY_NAME,
            policy: plan.permissionPolicy,
          },
    );
  }
  for (const policyArn of diff.managedPolicies.attach)
    calls.push({ kind: "AttachRolePolicy", roleName, policyArn });
  for (const policyArn of diff.managedPolicies.detach)
    calls.push({ kind: "DetachRolePolicy", roleName, policyArn });
  return calls;
}

/**
 * The calls for the BUILD principal when this spec's part of the grant is missing or differs: the part stored
 * inline (`crossrole-assume-targets[-NAME]`) while everything inline on the principal fits its quota (the other
 * inline policies there use `otherInlineSize` characters), else as managed parts (see plan-grant-storage.ts), given
 * how it is stored now. Nothing when in sync, for the account root, or when the principal is missing.
 */
export function planBuildChanges(
  plan: BuildPlan,
  diff: BuildDiff,
  storage: LiveGrantStorage = { managed: [] },
  otherInlineSize = 0,
): IamCall[] {
  if (diff.status !== "create" && diff.status !== "update") return [];
  if (plan.principalName === undefined || plan.principalKind === "root") return [];
  // No role: no grant at all.
  const layout = grantsAnything(plan.grantPolicy) ? liveGrantLayout(plan, otherInlineSize) : undefined;
  return planGrantStorage(
    { kind: plan.principalKind, name: plan.principalName },
    layout,
    storage,
    plan.grantPolicyName,
  );
}
