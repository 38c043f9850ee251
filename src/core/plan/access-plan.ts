import type { AccountScopedPolicy } from "./account-scoped-policy.js";
import type { BuildOidcPlan } from "./oidc-plan.js";
import type { PolicyDocument } from "./policy-document.js";

/**
 * The IAM documents each account needs, derived from an access spec without any AWS call (`crossrole plan`).
 * Later commands (apply, diff, verify) compare live state against this.
 */

/** Names crossrole gives to what it owns, so it never touches anything else. */
export const MANAGED_TAG_KEY = "managed-by";
export const MANAGED_TAG_VALUE = "crossrole";
export const PERMISSION_POLICY_NAME = "crossrole-permissions";

/**
 * The inline policy `crossrole revoke` (and the AWS console's "Revoke active sessions") puts on a role: a Deny for
 * sessions issued before a cutoff (core/session/revoke-policy.ts builds it).
 */
export const REVOKE_POLICY_NAME = "AWSRevokeOlderSessions";
/**
 * The BUILD grant's name for a spec without `name:` (and the prefix of every spec's part of the grant: a spec named
 * `team-a` owns `crossrole-assume-targets-team-a`; see grant-layout.ts).
 */
export const BUILD_GRANT_POLICY_NAME = "crossrole-assume-targets";

export interface BuildPlan {
  account: string;
  partition: "aws" | "aws-cn" | "aws-us-gov";
  /** The principal ARN the trust policies name, e.g. `arn:aws:iam::222222222222:user/ci-builder` or `…:root`. */
  principalArn: string;
  principalKind: "user" | "role" | "root";
  /** Name without path; undefined for root. */
  principalName?: string;
  /** IAM path of the principal, `/` when none. */
  principalPath: string;
  /**
   * The spec's `name:`, its identity on a BUILD principal that several specs share; undefined for a spec without
   * one (it owns the unnamed grant `crossrole-assume-targets`).
   */
  specName?: string;
  /**
   * This spec's part of the grant on the BUILD principal (`crossrole-assume-targets` or
   * `crossrole-assume-targets-<name>`): sts:AssumeRole on exactly the targets' role ARNs.
   */
  grantPolicyName: string;
  grantPolicy: PolicyDocument;
  /**
   * How the grant is stored, judged on the plan alone: inline while it fits the principal's inline quota, else
   * managed parts. apply and diff judge it again over everything on the live principal (`liveGrantLayout`).
   */
  grantLayout: GrantLayout;
  /**
   * Keyless builds (`build.oidc`): the IAM OIDC identity provider and the BUILD role (the principal) its tokens
   * assume. Absent when the spec has no oidc block.
   */
  oidc?: BuildOidcPlan;
}

export interface TargetPlan {
  /** The spec's target name; for an account of a multi-account target, `GROUP-ACCOUNT`. */
  name: string;
  /** For an account of a multi-account target (`accounts:` or `organizationalUnits:`): the spec's target name. */
  group?: string;
  account: string;
  region: string;
  partition: "aws" | "aws-cn" | "aws-us-gov";
  roleName: string;
  /** IAM path, `/` when none. */
  rolePath: string;
  roleArn: string;
  description?: string;
  /** Values the trust policy accepts for sts:ExternalId (empty when the spec has none: linted as an error). */
  externalIds: string[];
  maxSessionDuration: number;
  trustPolicy: PolicyDocument;
  /** Inline permission policy, named PERMISSION_POLICY_NAME; undefined when the spec grants nothing inline. */
  permissionPolicy?: PolicyDocument;
  /**
   * The permission policy before the account is known, with the values crossrole derived from `account` marked
   * (`permissionPolicy` is it for `account`): what a StackSet template deploys to every account of a fleet. Only
   * in plans built from a spec; undefined when `permissionPolicy` is.
   */
  permissionTemplate?: AccountScopedPolicy;
  managedPolicyArns: string[];
  /** Role tags, including managed-by=crossrole. */
  tags: Record<string, string>;
}

export interface AccessPlan {
  /** File the plan came from. */
  source: string;
  build: BuildPlan;
  /** One per account: a multi-account target contributes one per account, named `GROUP-ACCOUNT`. */
  targets: TargetPlan[];
  /**
   * Targets given as `organizationalUnits`, rolled out as service-managed StackSets (`crossrole rollout`). Their
   * deployed accounts (as rollout recorded them) are ALSO in `targets`, as `GROUP-ACCOUNT`. Absent when none.
   */
  organizationalUnitTargets?: OrganizationalUnitTarget[];
}

/** A target rolled out to the accounts of AWS Organizations OUs. */
export interface OrganizationalUnitTarget {
  name: string;
  organizationalUnits: string[];
  region: string;
  roleName: string;
  rolePath: string;
  /** Each account's ExternalId is `<prefix>-<account>` (see ou-external-id.ts); undefined until generated. */
  externalIdPrefix?: string;
  /** The accounts rollout last found deployed (the spec's deployedAccounts). */
  deployedAccounts: string[];
  /** The role as planned for a placeholder account: the StackSet template is rendered from it. */
  model: TargetPlan;
}

/** Targets grouped by account, accounts in first-seen order: one template or module per target account. */
export function groupTargetsByAccount(plan: AccessPlan): Map<string, TargetPlan[]> {
  const groups = new Map<string, TargetPlan[]>();
  for (const target of plan.targets)
    groups.set(target.account, [...(groups.get(target.account) ?? []), target]);
  return groups;
}

/** One customer-managed policy holding part of the grant. */
export interface GrantPart {
  policyName: string;
  policyArn: string;
  policy: PolicyDocument;
}

/**
 * How one spec's part of the BUILD grant is stored: one inline policy (`crossrole-assume-targets`, or
 * `crossrole-assume-targets-<name>` for a spec with `name:`) while everything inline on the principal fits its
 * inline quota, else customer-managed policies `/crossrole/<that name>-1..N` (6,144 characters each) attached to the
 * principal.
 */
export type GrantLayout =
  | { kind: "inline"; policy: PolicyDocument }
  | { kind: "managed"; parts: GrantPart[] };
