import type { PolicyDocument } from "./policy-document.js";

/**
 * What crossrole read back from IAM, in core types (no SDK shapes). The diff (`diff-access.ts`) compares these with
 * the plan; the adapters in src/aws fill them in.
 */

/** A target role as IAM reports it. */
export interface LiveRole {
  roleName: string;
  /** IAM path, `/` when none. */
  path: string;
  arn: string;
  /** The role's unique ID (`AROA…`). */
  roleId: string;
  description?: string;
  maxSessionDuration: number;
  /** The trust policy, already URL-decoded and parsed. */
  trustPolicy: PolicyDocument;
  /** Every tag on the role. */
  tags: Record<string, string>;
  /** Names of every inline policy on the role (crossrole's and anyone else's). */
  inlinePolicyNames: string[];
  /** The content of crossrole's inline policy (`crossrole-permissions`), when present. */
  permissionPolicy?: PolicyDocument;
  /** ARNs of every managed policy attached to the role. */
  attachedPolicyArns: string[];
}

/** One target's live state: its role, or none. */
export interface LiveTargetState {
  target: string;
  /** Undefined when the role does not exist. */
  role?: LiveRole;
}

/** The BUILD principal as IAM reports it. */
export interface LiveBuildState {
  principalArn: string;
  /** False when the user or role does not exist. Always true for the account root. */
  exists: boolean;
  /**
   * What crossrole's grant allows, when present: the inline `crossrole-assume-targets` and every managed part
   * (`/crossrole/crossrole-assume-targets-N`) merged, so diff and verify judge the grant whatever its storage.
   */
  grantPolicy?: PolicyDocument;
  /** How the grant is stored (absent for the account root or a missing principal). */
  grantStorage?: LiveGrantStorage;
}

/** Where crossrole's grant lives on a BUILD principal. */
export interface LiveGrantStorage {
  /** The inline policy `crossrole-assume-targets`, when present. */
  inline?: PolicyDocument;
  /** crossrole's grant parts that exist: attached to the principal, or planned and left detached. */
  managed: LiveGrantPart[];
}

/** One customer-managed grant part as IAM reports it. */
export interface LiveGrantPart {
  policyArn: string;
  attached: boolean;
  /** Its default version's document (undefined if unreadable). */
  document?: PolicyDocument | undefined;
  /** Its non-default version IDs, oldest first. */
  otherVersionIds: string[];
}

/** A caller identity (sts:GetCallerIdentity). */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}
