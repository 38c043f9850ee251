import type { PolicyDocument, PolicyStatement } from "./policy-document.js";

/**
 * A policy value crossrole derives from the target's account (an ECR repository ARN): the text before and after
 * the account ID. Everything else in a policy is taken from the spec as written and names what it names, whatever
 * account the role is deployed to.
 */
export interface AccountScopedValue {
  readonly beforeAccount: string;
  readonly afterAccount: string;
}

/** A Resource entry: as written, or derived from the account the role is in. */
export type ScopedResource = string | AccountScopedValue;

/** A policy statement whose Resource entries may be derived from the role's account. */
export type AccountScopedStatement = Omit<PolicyStatement, "Resource"> & {
  Resource?: ScopedResource | ScopedResource[];
};

/**
 * A permission policy for any account: the plan of a role before its account is known. `crossrole rollout`
 * deploys it as one StackSet template (the account-scoped values become `${AWS::AccountId}`), and
 * {@link policyForAccount} gives the document planned for one account, so both are built from the same structure.
 */
export interface AccountScopedPolicy {
  Version: PolicyDocument["Version"];
  Statement: AccountScopedStatement[];
}

/** The policy as planned for `account`. */
export function policyForAccount(policy: AccountScopedPolicy, account: string): PolicyDocument {
  const value = (r: ScopedResource) =>
    typeof r === "string" ? r : `${r.beforeAccount}${account}${r.afterAccount}`;
  return {
    Version: policy.Version,
    Statement: policy.Statement.map((s) => {
      if (s.Resource === undefined) return s as PolicyStatement;
      const resource = Array.isArray(s.Resource) ? s.Resource.map(value) : value(s.Resource);
      return { ...s, Resource: resource };
    }),
  };
}
