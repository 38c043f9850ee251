import { BUILD_GRANT_POLICY_NAME } from "./access-plan.js";
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

/** One customer-managed policy holding part of the grant. */
export interface GrantPart {
  policyName: string;
  policyArn: string;
  policy: PolicyDocument;
}

/**
 * How the BUILD grant is stored: one inline policy `crossrole-assume-targets` while it fits the principal's inline
 * quota, else customer-managed policies `/crossrole/crossrole-assume-targets-1..N` (6,144 characters each) attached
 * to the principal.
 */
export type GrantLayout =
  | { kind: "inline"; policy: PolicyDocument }
  | { kind: "managed"; parts: GrantPart[] };

/** The layout of `grant` for a BUILD principal (user or role) in `account`. Pure. */
export function grantLayout(
  grant: PolicyDocument,
  principal: { kind: "user" | "role" | "root"; account: string; partition: string },
): GrantLayout {
  const limit = INLINE_POLICY_AGGREGATE_LIMIT[principal.kind === "role" ? "role" : "user"];
  if (policySize(grant) <= limit) return { kind: "inline", policy: grant };
  return {
    kind: "managed",
    parts: splitGrantPolicy(grant).map((policy, i) => {
      const policyName = `${BUILD_GRANT_POLICY_NAME}-${i + 1}`;
      return {
        policyName,
        policyArn: grantPartArn(principal.partition, principal.account, policyName),
        policy,
      };
    }),
  };
}

/** Whether `policyArn` is one of crossrole's grant parts (any number) in that account. */
export function isGrantPartArn(policyArn: string): boolean {
  return new RegExp(`:policy${GRANT_POLICY_PATH}${BUILD_GRANT_POLICY_NAME}-\\d+$`).test(policyArn);
}

/** The ARN of a grant part. */
export function grantPartArn(partition: string, account: string, policyName: string): string {
  return `arn:${partition}:iam::${account}:policy${GRANT_POLICY_PATH}${policyName}`;
}
