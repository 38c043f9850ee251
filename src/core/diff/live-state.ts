import type { PolicyDocument } from "../plan/policy-document.js";

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
   * What this spec's part of the grant allows, when present: its inline policy (`crossrole-assume-targets[-NAME]`)
   * and every managed part (`/crossrole/crossrole-assume-targets[-NAME]-N`) merged, so diff and verify judge the
   * grant whatever its storage. Other specs' parts are never in it.
   */
  grantPolicy?: PolicyDocument;
  /** How this spec's part is stored (absent for the account root or a missing principal). */
  grantStorage?: LiveGrantStorage;
  /** The other specs' parts of the grant on the principal: reported, never changed. */
  otherGrants?: OtherGrant[];
  /**
   * Characters (whitespace excluded) of the principal's inline policies other than this spec's part: other specs'
   * parts and anyone else's. IAM's inline quota is per principal, over all of them.
   */
  otherInlineSize?: number;
  /** Keyless builds: the OIDC provider and the BUILD role as read (only when the plan has `build.oidc`). */
  oidc?: LiveOidcState;
}

/** The IAM OIDC identity provider and the BUILD role of a keyless spec, as IAM reports them. */
export interface LiveOidcState {
  /** Undefined when there is no provider for the issuer. */
  provider?: { url: string; clientIds: string[]; tags: Record<string, string> };
  role: LiveTargetState;
  /** ARNs of the roles whose trust names the provider (read by destroy only). */
  trustingRoles?: string[];
}

/** Where this spec's part of the grant lives on a BUILD principal. */
export interface LiveGrantStorage {
  /** Its inline policy, when present. */
  inline?: PolicyDocument;
  /** Its managed parts that exist: attached to the principal, or planned and left detached. */
  managed: LiveGrantPart[];
  /**
   * The unnamed grant an earlier crossrole wrote (`crossrole-assume-targets`, `…-N`), taken over by this named spec
   * because it grants exactly this spec's roles: removed once the spec's own part is written.
   */
  adopted?: { inlineName: string; inline?: PolicyDocument; managed: LiveGrantPart[] };
}

/** Another spec's part of the grant, as found on the principal. */
export interface OtherGrant {
  /** The spec's `name:`; undefined for the unnamed grant `crossrole-assume-targets`. */
  specName: string | undefined;
  /** Its inline policy name and managed part ARNs. */
  policies: string[];
  /** Distinct role ARNs it grants. */
  roles: string[];
  /** True for the unnamed grant a named spec found with roles it does not name: left in place. */
  legacyLeft: boolean;
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
