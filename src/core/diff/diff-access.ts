import {
  type BuildPlan,
  MANAGED_TAG_KEY,
  MANAGED_TAG_VALUE,
  PERMISSION_POLICY_NAME,
  type TargetPlan,
} from "../plan/access-plan.js";
import { grantsAnything } from "../plan/build-grant-policy.js";
import { type PolicyDocument, toList } from "../plan/policy-document.js";
import { diffPolicy, type PolicyDiff } from "./diff-policy.js";
import type { LiveBuildState, LiveRole, LiveTargetState } from "./live-state.js";

/**
 * The semantic difference between what the plan wants and what IAM holds (security check 13), for one target role
 * and for the BUILD grant. Pure: the live state was read elsewhere. Only what crossrole owns is compared: the
 * trust policy, MaxSessionDuration, description, the spec's tags and managed-by, the inline policy
 * `crossrole-permissions`, the managed policies attached to a role crossrole manages, and the BUILD principal's
 * `crossrole-assume-targets`. Other inline policies and other tags are listed, never compared.
 */

/**
 * - `create`: the role does not exist.
 * - `update`: it exists, is managed by crossrole, and differs.
 * - `in-sync`: it exists, is managed by crossrole, and matches.
 * - `unmanaged`: it exists without the tag managed-by=crossrole; crossrole leaves it alone unless adopting.
 */
export type TargetStatus = "create" | "update" | "in-sync" | "unmanaged";

/** A tag crossrole sets that is missing or has another value. */
export interface TagChange {
  key: string;
  live?: string;
  desired: string;
}

/** How one target's live role differs from its plan. */
export interface TargetDiff {
  target: string;
  roleArn: string;
  status: TargetStatus;
  trust: PolicyDiff;
  permissions: PolicyDiff;
  maxSessionDuration?: { live: number; desired: number };
  description?: { live?: string; desired: string };
  tags: TagChange[];
  /** Managed policies to attach (in the spec, not attached) and to detach (attached, not in the spec). */
  managedPolicies: { attach: string[]; detach: string[] };
  /**
   * Trust principals IAM shows as raw unique IDs (`AROA…`, `AIDA…`): the principal they named was deleted, so the
   * trust silently stopped working (R16, security check 12).
   */
  orphanedPrincipals: string[];
  /** Inline policies on the role that crossrole did not write: reported, never changed. */
  foreignInlinePolicies: string[];
}

/**
 * - `not-applicable`: the principal is the account root; the BUILD account's admins grant access themselves.
 * - `missing-principal`: the user or role does not exist.
 */
export type BuildStatus = "create" | "update" | "in-sync" | "not-applicable" | "missing-principal";

/** How the BUILD principal's grant differs from the plan. */
export interface BuildDiff {
  principalArn: string;
  status: BuildStatus;
  grant: PolicyDiff;
}

/** Compares one target's plan with its live role. */
export function diffTarget(plan: TargetPlan, live: LiveTargetState): TargetDiff {
  const role = live.role;
  const trust = diffPolicy(plan.trustPolicy, role?.trustPolicy);
  const permissions = diffPolicy(plan.permissionPolicy, role?.permissionPolicy);
  const diff: TargetDiff = {
    target: plan.name,
    roleArn: plan.roleArn,
    status: "create",
    trust,
    permissions,
    tags: tagChanges(plan.tags, role?.tags ?? {}),
    managedPolicies: {
      attach: plan.managedPolicyArns.filter((arn) => !(role?.attachedPolicyArns ?? []).includes(arn)),
      detach: (role?.attachedPolicyArns ?? []).filter((arn) => !plan.managedPolicyArns.includes(arn)).sort(),
    },
    orphanedPrincipals: role === undefined ? [] : orphanedPrincipals(role.trustPolicy),
    foreignInlinePolicies:
      role === undefined ? [] : role.inlinePolicyNames.filter((n) => n !== PERMISSION_POLICY_NAME).sort(),
  };
  if (role === undefined) return diff;
  if (role.maxSessionDuration !== plan.maxSessionDuration) {
    diff.maxSessionDuration = { live: role.maxSessionDuration, desired: plan.maxSessionDuration };
  }
  if (plan.description !== undefined && (role.description ?? "") !== plan.description) {
    diff.description =
      role.description === undefined
        ? { desired: plan.description }
        : { live: role.description, desired: plan.description };
  }
  diff.status = !isManaged(role) ? "unmanaged" : targetInSync(diff) ? "in-sync" : "update";
  return diff;
}

/** Compares the BUILD plan with the principal's live grant. */
export function diffBuild(plan: BuildPlan, live: LiveBuildState): BuildDiff {
  if (plan.principalKind === "root") {
    return {
      principalArn: plan.principalArn,
      status: "not-applicable",
      grant: diffPolicy(undefined, undefined),
    };
  }
  // A grant on no role is no grant (IAM also refuses a policy without Resource): nothing to create, or to remove.
  const wanted = grantsAnything(plan.grantPolicy) ? plan.grantPolicy : undefined;
  const grant = diffPolicy(wanted, live.grantPolicy);
  const status: BuildStatus = !live.exists
    ? "missing-principal"
    : live.grantPolicy === undefined
      ? wanted === undefined
        ? "in-sync"
        : "create"
      : grant.equal && live.grantStorage?.adopted === undefined // an adopted unnamed grant is still to go
        ? "in-sync"
        : "update";
  return { principalArn: plan.principalArn, status, grant };
}

/** True when a role carries crossrole's ownership tag. */
export function isManaged(role: Pick<LiveRole, "tags">): boolean {
  return role.tags[MANAGED_TAG_KEY] === MANAGED_TAG_VALUE;
}

/** True when nothing of the target would change (ignoring whether crossrole manages the role). */
export function targetInSync(diff: TargetDiff): boolean {
  return (
    diff.trust.equal &&
    diff.permissions.equal &&
    diff.maxSessionDuration === undefined &&
    diff.description === undefined &&
    diff.tags.length === 0 &&
    diff.managedPolicies.attach.length === 0 &&
    diff.managedPolicies.detach.length === 0
  );
}

/** A unique ID as IAM shows it for a deleted principal: `AROA…` (role) or `AIDA…` (user). */
export const UNIQUE_ID = /^(?:AROA|AIDA)[A-Z0-9]{8,}$/;

/** Explains what a raw unique ID in a trust policy means and how to fix it (R16). */
export function explainOrphanedPrincipal(uniqueId: string, principalArn: string): string {
  const kind = uniqueId.startsWith("AROA") ? "role" : "user";
  return (
    `the trust policy names ${uniqueId}, the unique ID of a deleted ${kind}: the BUILD principal was deleted ` +
    `(and perhaps re-created), so IAM no longer resolves it and the trust silently stopped working. ` +
    `Re-saving the trust policy with the ARN fixes it: make sure ${principalArn} exists, then run crossrole apply.`
  );
}

// --- internal ---

function tagChanges(desired: Record<string, string>, live: Record<string, string>): TagChange[] {
  return Object.entries(desired)
    .filter(([key, value]) => live[key] !== value)
    .map(([key, value]) => {
      const current = live[key];
      return current === undefined ? { key, desired: value } : { key, live: current, desired: value };
    });
}

function orphanedPrincipals(trust: PolicyDocument): string[] {
  const ids = trust.Statement.flatMap((s) => {
    const principal = s.Principal;
    if (principal === undefined || principal === "*") return [];
    return toList(principal.AWS).filter((v) => UNIQUE_ID.test(v));
  });
  return [...new Set(ids)].sort();
}
