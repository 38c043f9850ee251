import type { PolicyDocument } from "../plan/policy-document.js";

/**
 * The IAM operations the apply, diff and destroy workflows need, in core types. `src/aws/iam-adapter.ts` implements
 * it with the AWS SDK; tests implement it in memory. Names are without path. Reads answer `undefined` where
 * "absent" is a normal answer (NoSuchEntity); every other failure is a CrossroleError.
 */
export interface IamPort {
  getRole(roleName: string): Promise<RoleInfo | undefined>;
  listRolePolicies(roleName: string): Promise<string[]>;
  getRolePolicy(roleName: string, policyName: string): Promise<PolicyDocument | undefined>;
  listAttachedRolePolicies(roleName: string): Promise<string[]>;
  listRoleTags(roleName: string): Promise<Record<string, string>>;
  createRole(input: CreateRoleInput): Promise<void>;
  updateAssumeRolePolicy(roleName: string, trustPolicy: PolicyDocument): Promise<void>;
  updateRole(roleName: string, input: { maxSessionDuration: number; description?: string }): Promise<void>;
  putRolePolicy(roleName: string, policyName: string, policy: PolicyDocument): Promise<void>;
  deleteRolePolicy(roleName: string, policyName: string): Promise<void>;
  attachRolePolicy(roleName: string, policyArn: string): Promise<void>;
  detachRolePolicy(roleName: string, policyArn: string): Promise<void>;
  tagRole(roleName: string, tags: Record<string, string>): Promise<void>;
  untagRole(roleName: string, keys: string[]): Promise<void>;
  deleteRole(roleName: string): Promise<void>;
  getUser(userName: string): Promise<UserInfo | undefined>;
  createUser(input: { userName: string; path: string; tags: Record<string, string> }): Promise<UserInfo>;
  createAccessKey(userName: string): Promise<AccessKey>;
  /** Rollback of a key that could not be handed over. */
  deleteAccessKey(userName: string, accessKeyId: string): Promise<void>;
  /** Rollback of a user created in the same run (it must have no keys, policies or attachments left). */
  deleteUser(userName: string): Promise<void>;
  putUserPolicy(userName: string, policyName: string, policy: PolicyDocument): Promise<void>;
  /** Names of every inline policy on the user (crossrole's and anyone else's). */
  listUserPolicies(userName: string): Promise<string[]>;
  getUserPolicy(userName: string, policyName: string): Promise<PolicyDocument | undefined>;
  deleteUserPolicy(userName: string, policyName: string): Promise<void>;
  listAttachedUserPolicies(userName: string): Promise<string[]>;
  attachUserPolicy(userName: string, policyArn: string): Promise<void>;
  detachUserPolicy(userName: string, policyArn: string): Promise<void>;
  /** A customer-managed policy: its default version's document and its other version IDs (oldest first). */
  getManagedPolicy(policyArn: string): Promise<ManagedPolicyInfo | undefined>;
  createPolicy(input: {
    policyName: string;
    path: string;
    policy: PolicyDocument;
    description: string;
  }): Promise<void>;
  /** A new version, made the default. */
  createPolicyVersion(policyArn: string, policy: PolicyDocument): Promise<void>;
  deletePolicyVersion(policyArn: string, versionId: string): Promise<void>;
  deletePolicy(policyArn: string): Promise<void>;
  /** An IAM OIDC identity provider (keyless builds); undefined when there is none with this ARN. */
  getOidcProvider(providerArn: string): Promise<OidcProviderInfo | undefined>;
  createOidcProvider(input: {
    url: string;
    clientIds: string[];
    tags: Record<string, string>;
  }): Promise<void>;
  addOidcProviderClientId(providerArn: string, clientId: string): Promise<void>;
  tagOidcProvider(providerArn: string, tags: Record<string, string>): Promise<void>;
  deleteOidcProvider(providerArn: string): Promise<void>;
  /** ARNs of the account's roles whose trust policy names `federated` as a Federated principal (ListRoles). */
  listRolesTrustingFederated(federated: string): Promise<string[]>;
  /** Every role of the account (ListRoles, every page), trust policy as IAM returned it (`crossrole audit`). */
  listRoles(): Promise<ListedRole[]>;
}

/**
 * A role as ListRoles reports it. The trust policy is the text IAM returned (URL-encoded JSON), undecoded: a
 * document that cannot be read is one role's failure (core/lint/decode-trust-policy.ts), not the listing's.
 */
export interface ListedRole {
  roleName: string;
  path: string;
  arn: string;
  trustPolicyText: string | undefined;
}

/** An IAM OIDC identity provider as GetOpenIDConnectProvider reports it. */
export interface OidcProviderInfo {
  /** Host and path, without https:// (IAM's form). */
  url: string;
  clientIds: string[];
  tags: Record<string, string>;
}

/** A customer-managed policy as GetPolicy/GetPolicyVersion/ListPolicyVersions report it. */
export interface ManagedPolicyInfo {
  document: PolicyDocument;
  otherVersionIds: string[];
}

/** A role as GetRole returns it, trust policy decoded. */
export interface RoleInfo {
  roleName: string;
  path: string;
  arn: string;
  roleId: string;
  description?: string;
  maxSessionDuration: number;
  trustPolicy: PolicyDocument;
}

/** What CreateRole takes. */
export interface CreateRoleInput {
  roleName: string;
  path: string;
  trustPolicy: PolicyDocument;
  description?: string;
  maxSessionDuration: number;
  tags: Record<string, string>;
}

/** A user as GetUser returns it. */
export interface UserInfo {
  userName: string;
  path: string;
  arn: string;
  userId: string;
}

/** A new access key. The secret is shown once: never log it. */
export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}
