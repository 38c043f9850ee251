import {
  type BuildPlan,
  PERMISSION_POLICY_NAME,
  REVOKE_POLICY_NAME,
  type TargetPlan,
} from "../plan/access-plan.js";
import { liveGrantLayout } from "../plan/grant-layout.js";
import type { PolicyDocument } from "../plan/policy-document.js";
import { isManaged } from "./diff-access.js";
import { diffPolicy } from "./diff-policy.js";
import type { IamCall } from "./iam-call.js";
import type { LiveBuildState, LiveTargetState } from "./live-state.js";
import { planGrantStorage } from "./plan-grant-storage.js";

/**
 * What `crossrole destroy` removes, and what it leaves and why. Only what crossrole created goes: on a role tagged
 * managed-by=crossrole, its inline policy `crossrole-permissions`, the managed policies the spec lists, then the
 * role itself (only when nothing else is left on it: IAM refuses to delete a role that still has policies, and
 * crossrole never removes what it did not put there). The revoke policy (AWSRevokeOlderSessions, from `crossrole
 * revoke` or the console) only denies; it goes last, right before the role, and only when the role goes: with the
 * permissions already removed, old sessions gain nothing, and a kept role keeps its revocation. A role without the
 * tag is left entirely alone. Pure.
 */

/** The destroy plan of one target. */
export interface TargetDestroyPlan {
  target: string;
  roleArn: string;
  calls: IamCall[];
  /** Why something stays, for the report (empty when everything crossrole owns goes). */
  kept: string[];
}

/** Plans the removal of one target's role. */
export function planTargetDestroy(plan: TargetPlan, live: LiveTargetState): TargetDestroyPlan {
  const result: TargetDestroyPlan = { target: plan.name, roleArn: plan.roleArn, calls: [], kept: [] };
  const role = live.role;
  if (role === undefined) return result;
  if (!isManaged(role)) {
    result.kept.push(
      `${plan.roleArn} is not tagged managed-by=crossrole: crossrole did not create it, left untouched`,
    );
    return result;
  }
  const roleName = plan.roleName;
  if (role.inlinePolicyNames.includes(PERMISSION_POLICY_NAME)) {
    result.calls.push({ kind: "DeleteRolePolicy", roleName, policyName: PERMISSION_POLICY_NAME });
  }
  for (const policyArn of role.attachedPolicyArns.filter((arn) => plan.managedPolicyArns.includes(arn))) {
    result.calls.push({ kind: "DetachRolePolicy", roleName, policyArn });
  }
  const foreignInline = role.inlinePolicyNames.filter(
    (n) => n !== PERMISSION_POLICY_NAME && n !== REVOKE_POLICY_NAME,
  );
  const foreignAttached = role.attachedPolicyArns.filter((arn) => !plan.managedPolicyArns.includes(arn));
  if (foreignInline.length + foreignAttached.length === 0) {
    if (role.inlinePolicyNames.includes(REVOKE_POLICY_NAME)) {
      result.calls.push({ kind: "DeleteRolePolicy", roleName, policyName: REVOKE_POLICY_NAME });
    }
    result.calls.push({ kind: "DeleteRole", roleName });
  } else {
    const what = [
      ...foreignInline.map((n) => `inline policy ${n}`),
      ...foreignAttached.map((arn) => `managed policy ${arn}`),
    ];
    result.kept.push(
      `role ${plan.roleArn} kept: it still has ${what.join(", ")}, which crossrole did not put there; ` +
        "remove them yourself, then run crossrole destroy again",
    );
  }
  return result;
}

/**
 * Plans the BUILD side, this spec's part of the grant only (other specs' parts stay): without the destroyed
 * targets, the part shrinks to the remaining targets' roles
 * (`remainingGrant`, stored inline or as managed parts as its size requires), or goes entirely when none remain
 * (undefined: the inline grant and every managed part are removed). The BUILD principal itself always stays.
 */
export function planBuildDestroy(
  plan: BuildPlan,
  live: LiveBuildState,
  remainingGrant: PolicyDocument | undefined,
): IamCall[] {
  if (plan.principalName === undefined || plan.principalKind === "root" || !live.exists) return [];
  const storage = live.grantStorage ?? { managed: [] };
  const adopted = storage.adopted;
  const adopting = adopted !== undefined && (adopted.inline !== undefined || adopted.managed.length > 0);
  if (storage.inline === undefined && storage.managed.length === 0 && !adopting) return [];
  if (remainingGrant !== undefined && live.grantPolicy !== undefined && !adopting) {
    if (diffPolicy(remainingGrant, live.grantPolicy).equal) return [];
  }
  const layout =
    remainingGrant === undefined
      ? undefined
      : liveGrantLayout({ ...plan, grantPolicy: remainingGrant }, live.otherInlineSize ?? 0);
  return planGrantStorage(
    { kind: plan.principalKind, name: plan.principalName },
    layout,
    storage,
    plan.grantPolicyName,
  );
}
