import { SPEC_NAME } from "../spec/spec-name.js";
import { BUILD_GRANT_POLICY_NAME, type BuildPlan, type GrantLayout } from "./access-plan.js";
import type { PolicyDocument } from "./policy-document.js";
import { policySize } from "./policy-document.js";
import { splitGrantPolicy } from "./split-grant-policy.js";

/**
 * IAM's quota on inline policies, per principal, counted over ALL its inline policies together with whitespace
 * excluded: 2,048 characters for a user, 10,240 for a role (IAM quotas). Because it is aggregate, splitting a grant
 * into several inline policies does not help; customer-managed policies (6,144 each) do.
 */
export const INLINE_POLICY_AGGREGATE_LIMIT = { user: 2048, role: 10240 } as const;

/** IAM's limit on managed policies attached to one user or role: 10 by default, 20 at most (quota increase). */
export const ATTACHED_POLICIES_LIMIT = { default: 10, max: 20 } as const;

/** IAM path of the managed policies that hold a split grant. */
export const GRANT_POLICY_PATH = "/crossrole/";

/**
 * The layout of `grant` for a BUILD principal (user or role) in `account`, stored under `policyName`, when the
 * principal's other inline policies (other specs' parts, anyone else's) already use `otherInlineSize` characters of
 * the aggregate quota. Pure.
 */
export function grantLayout(
  grant: PolicyDocument,
  principal: { kind: "user" | "role" | "root"; account: string; partition: string },
  storage: { policyName?: string; otherInlineSize?: number } = {},
): GrantLayout {
  const limit = INLINE_POLICY_AGGREGATE_LIMIT[principal.kind === "role" ? "role" : "user"];
  const name = storage.policyName ?? BUILD_GRANT_POLICY_NAME;
  if (policySize(grant) + (storage.otherInlineSize ?? 0) <= limit) return { kind: "inline", policy: grant };
  return {
    kind: "managed",
    parts: splitGrantPolicy(grant).map((policy, i) => {
      const policyName = `${name}-${i + 1}`;
      return {
        policyName,
        policyArn: grantPartArn(principal.partition, principal.account, policyName),
        policy,
      };
    }),
  };
}

/**
 * The layout of this spec's part on the live principal, whose other inline policies use `otherInlineSize`
 * characters: the quota is over all of them, so a part that fits alone may have to go managed. Pure.
 */
export function liveGrantLayout(
  plan: Pick<BuildPlan, "grantPolicy" | "grantPolicyName" | "principalKind" | "account" | "partition">,
  otherInlineSize: number,
): GrantLayout {
  return grantLayout(
    plan.grantPolicy,
    { kind: plan.principalKind, account: plan.account, partition: plan.partition },
    { policyName: plan.grantPolicyName, otherInlineSize },
  );
}

/** The name of a spec's part of the grant: `crossrole-assume-targets`, or `crossrole-assume-targets-<name>`. */
export function grantPolicyNameOf(specName: string | undefined): string {
  return specName === undefined ? BUILD_GRANT_POLICY_NAME : `${BUILD_GRANT_POLICY_NAME}-${specName}`;
}

/** Whose a crossrole grant policy is: the spec's `name:`, or undefined for the unnamed grant. */
export interface GrantOwner {
  specName: string | undefined;
}

/**
 * Whether an inline policy name is a crossrole grant, and whose: `crossrole-assume-targets` (the unnamed spec's) or
 * `crossrole-assume-targets-<name>`. Undefined for anything else.
 */
export function grantOwnerOfInline(policyName: string): GrantOwner | undefined {
  if (policyName === BUILD_GRANT_POLICY_NAME) return { specName: undefined };
  const prefix = `${BUILD_GRANT_POLICY_NAME}-`;
  if (!policyName.startsWith(prefix)) return undefined;
  const specName = policyName.slice(prefix.length);
  return SPEC_NAME.test(specName) ? { specName } : undefined;
}

/**
 * Whether a managed policy is a crossrole grant part, and whose: `/crossrole/crossrole-assume-targets-N` (the
 * unnamed spec's) or `/crossrole/crossrole-assume-targets-<name>-N`. Undefined for anything else.
 */
export function grantOwnerOfPart(policyArn: string): GrantOwner | undefined {
  const marker = `:policy${GRANT_POLICY_PATH}`;
  const at = policyArn.indexOf(marker);
  if (at < 0) return undefined;
  const policyName = policyArn.slice(at + marker.length);
  const dash = policyName.lastIndexOf("-");
  if (dash < 0 || !/^[0-9]+$/.test(policyName.slice(dash + 1))) return undefined;
  return grantOwnerOfInline(policyName.slice(0, dash));
}

/** The ARN of a grant part. */
export function grantPartArn(partition: string, account: string, policyName: string): string {
  return `arn:${partition}:iam::${account}:policy${GRANT_POLICY_PATH}${policyName}`;
}
