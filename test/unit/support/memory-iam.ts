import { AwsAuthError, AwsOperationError } from "../../../src/core/errors.js";
import type { PolicyDocument } from "../../../src/core/plan/policy-document.js";
import type {
  CreateRoleInput,
  IamPort,
  ListedRole,
  OidcProviderInfo,
  RoleInfo,
  UserInfo,
} from "../../../src/core/ports/iam-port.js";

interface MemoryRole {
  info: RoleInfo;
  tags: Record<string, string>;
  inline: Map<string, PolicyDocument>;
  attached: string[];
}

/** An in-memory IAM account implementing IamPort, recording every write call. For workflow unit tests. */
export class MemoryIam implements IamPort {
  readonly roles = new Map<string, MemoryRole>();
  readonly users = new Map<
    string,
    { info: UserInfo; inline: Map<string, PolicyDocument>; attached: string[] }
  >();
  /** Customer-managed policies by ARN: versions oldest first, the last one the default. */
  readonly policies = new Map<
    string,
    { versions: { id: string; document: PolicyDocument }[]; next: number }
  >();
  /** OIDC providers by ARN. */
  readonly oidcProviders = new Map<string, OidcProviderInfo>();
  /** Access key IDs per user name. */
  readonly keys = new Map<string, string[]>();
  readonly writes: string[] = [];
  /** Fail these actions (e.g. "CreateRole") with AccessDenied. */
  readonly deny = new Set<string>();
  constructor(readonly account: string) {}

  private write(action: string): void {
    if (this.deny.has(action)) {
      throw new AwsAuthError("ACCESS_DENIED", `access denied: iam:${action}`, { hint: "grant it" });
    }
    this.writes.push(action);
  }
  private role(name: string): MemoryRole {
    const role = this.roles.get(name);
    if (role === undefined) throw new AwsOperationError("NO_SUCH_ENTITY", `no role ${name}`);
    return role;
  }

  async getRole(name: string) {
    const r = this.roles.get(name);
    return r === undefined ? undefined : structuredClone(r.info);
  }
  async listRolePolicies(name: string) {
    return [...this.role(name).inline.keys()];
  }
  async getRolePolicy(name: string, policy: string) {
    return structuredClone(this.roles.get(name)?.inline.get(policy));
  }
  async listAttachedRolePolicies(name: string) {
    return [...this.role(name).attached];
  }
  async listRoleTags(name: string) {
    return { ...this.role(name).tags };
  }
  async createRole(input: CreateRoleInput) {
    this.write("CreateRole");
    const info: RoleInfo = {
      roleName: input.roleName,
      path: input.path,
      arn: `arn:aws:iam::${this.account}:role${input.path}${input.roleName}`,
      roleId: `AROA${input.roleName.toUpperCase().padEnd(17, "X")}`,
      maxSessionDuration: input.maxSessionDuration,
      trustPolicy: structuredClone(input.trustPolicy),
    };
    if (input.description !== undefined) info.description = input.description;
    this.roles.set(input.roleName, { info, tags: { ...input.tags }, inline: new Map(), attached: [] });
  }
  async updateAssumeRolePolicy(name: string, trust: PolicyDocument) {
    this.write("UpdateAssumeRolePolicy");
    this.role(name).info.trustPolicy = structuredClone(trust);
  }
  async updateRole(name: string, input: { maxSessionDuration: number; description?: string }) {
    this.write("UpdateRole");
    const info = this.role(name).info;
    info.maxSessionDuration = input.maxSessionDuration;
    if (input.description !== undefined) info.description = input.description;
  }
  async putRolePolicy(name: string, policy: string, doc: PolicyDocument) {
    this.write("PutRolePolicy");
    this.role(name).inline.set(policy, structuredClone(doc));
  }
  async deleteRolePolicy(name: string, policy: string) {
    this.write("DeleteRolePolicy");
    this.role(name).inline.delete(policy);
  }
  async attachRolePolicy(name: string, arn: string) {
    this.write("AttachRolePolicy");
    this.role(name).attached.push(arn);
  }
  async detachRolePolicy(name: string, arn: string) {
    this.write("DetachRolePolicy");
    const r = this.role(name);
    r.attached = r.attached.filter((a) => a !== arn);
  }
  async tagRole(name: string, tags: Record<string, string>) {
    this.write("TagRole");
    Object.assign(this.role(name).tags, tags);
  }
  async untagRole(name: string, keys: string[]) {
    this.write("UntagRole");
    for (const k of keys) delete this.role(name).tags[k];
  }
  async deleteRole(name: string) {
    this.write("DeleteRole");
    const r = this.role(name);
    if (r.inline.size > 0 || r.attached.length > 0)
      throw new AwsOperationError("DELETE_CONFLICT", "conflict");
    this.roles.delete(name);
  }
  async getUser(name: string) {
    return this.users.get(name)?.info;
  }
  async createUser(input: { userName: string; path: string; tags: Record<string, string> }) {
    this.write("CreateUser");
    const info = {
      userName: input.userName,
      path: input.path,
      arn: `arn:aws:iam::${this.account}:user${input.path}${input.userName}`,
      userId: "AIDAEXAMPLE000000001",
    };
    this.users.set(input.userName, { info, inline: new Map(), attached: [] });
    return info;
  }
  async createAccessKey(name: string) {
    this.write("CreateAccessKey");
    this.keys.set(name, [...(this.keys.get(name) ?? []), "AKIAEXAMPLE000000001"]);
    return { accessKeyId: "AKIAEXAMPLE000000001", secretAccessKey: "secret-never-logged" };
  }
  async deleteAccessKey(name: string, accessKeyId: string) {
    this.write("DeleteAccessKey");
    this.keys.set(
      name,
      (this.keys.get(name) ?? []).filter((k) => k !== accessKeyId),
    );
  }
  async deleteUser(name: string) {
    this.write("DeleteUser");
    const u = this.users.get(name);
    if (u === undefined) throw new AwsOperationError("NO_SUCH_ENTITY", `no user ${name}`);
    if ((this.keys.get(name) ?? []).length > 0 || u.inline.size > 0 || u.attached.length > 0)
      throw new AwsOperationError("DELETE_CONFLICT", "conflict");
    this.users.delete(name);
  }
  async putUserPolicy(name: string, policy: string, doc: PolicyDocument) {
    this.write("PutUserPolicy");
    const u = this.users.get(name);
    if (u === undefined) throw new AwsOperationError("NO_SUCH_ENTITY", `no user ${name}`);
    u.inline.set(policy, structuredClone(doc));
  }
  async listUserPolicies(name: string) {
    return [...this.user(name).inline.keys()];
  }
  async getUserPolicy(name: string, policy: string) {
    return structuredClone(this.users.get(name)?.inline.get(policy));
  }
  async deleteUserPolicy(name: string, policy: string) {
    this.write("DeleteUserPolicy");
    this.users.get(name)?.inline.delete(policy);
  }
  private user(name: string) {
    const u = this.users.get(name);
    if (u === undefined) throw new AwsOperationError("NO_SUCH_ENTITY", `no user ${name}`);
    return u;
  }
  private policy(arn: string) {
    const p = this.policies.get(arn);
    if (p === undefined) throw new AwsOperationError("NO_SUCH_ENTITY", `no policy ${arn}`);
    return p;
  }
  async listAttachedUserPolicies(name: string) {
    return [...this.user(name).attached];
  }
  async attachUserPolicy(name: string, arn: string) {
    this.write("AttachUserPolicy");
    this.policy(arn);
    this.user(name).attached.push(arn);
  }
  async detachUserPolicy(name: string, arn: string) {
    this.write("DetachUserPolicy");
    const u = this.user(name);
    u.attached = u.attached.filter((a) => a !== arn);
  }
  async getManagedPolicy(arn: string) {
    const p = this.policies.get(arn);
    if (p === undefined) return undefined;
    const last = p.versions.at(-1);
    if (last === undefined) return undefined;
    return {
      document: structuredClone(last.document),
      otherVersionIds: p.versions.slice(0, -1).map((v) => v.id),
    };
  }
  async createPolicy(input: { policyName: string; path: string; policy: PolicyDocument }) {
    this.write("CreatePolicy");
    const arn = `arn:aws:iam::${this.account}:policy${input.path}${input.policyName}`;
    if (this.policies.has(arn)) throw new AwsOperationError("ALREADY_EXISTS", `policy ${arn} exists`);
    this.policies.set(arn, { versions: [{ id: "v1", document: structuredClone(input.policy) }], next: 2 });
  }
  async createPolicyVersion(arn: string, doc: PolicyDocument) {
    this.write("CreatePolicyVersion");
    const p = this.policy(arn);
    if (p.versions.length >= 5) throw new AwsOperationError("IAM_VALIDATION", `policy ${arn} has 5 versions`);
    p.versions.push({ id: `v${p.next++}`, document: structuredClone(doc) });
  }
  async deletePolicyVersion(arn: string, versionId: string) {
    this.write("DeletePolicyVersion");
    const p = this.policy(arn);
    if (p.versions.at(-1)?.id === versionId)
      throw new AwsOperationError("DELETE_CONFLICT", "default version");
    p.versions = p.versions.filter((v) => v.id !== versionId);
  }
  async deletePolicy(arn: string) {
    this.write("DeletePolicy");
    const p = this.policy(arn);
    const attached = [...this.users.values(), ...this.roles.values()].some((x) => x.attached.includes(arn));
    if (attached || p.versions.length > 1)
      throw new AwsOperationError("DELETE_CONFLICT", `policy ${arn} in use`);
    this.policies.delete(arn);
  }
  async getOidcProvider(arn: string) {
    const found = this.oidcProviders.get(arn);
    return found === undefined
      ? undefined
      : { ...found, clientIds: [...found.clientIds], tags: { ...found.tags } };
  }
  async createOidcProvider(input: { url: string; clientIds: string[]; tags: Record<string, string> }) {
    this.write("CreateOpenIDConnectProvider");
    const url = input.url.replace(/^https:\/\//, "");
    const arn = `arn:aws:iam::${this.account}:oidc-provider/${url}`;
    if (this.oidcProviders.has(arn)) throw new AwsOperationError("ALREADY_EXISTS", `provider ${url} exists`);
    this.oidcProviders.set(arn, { url, clientIds: [...input.clientIds], tags: { ...input.tags } });
  }
  async addOidcProviderClientId(arn: string, clientId: string) {
    this.write("AddClientIDToOpenIDConnectProvider");
    const found = this.provider(arn);
    if (!found.clientIds.includes(clientId)) found.clientIds.push(clientId);
  }
  async tagOidcProvider(arn: string, tags: Record<string, string>) {
    this.write("TagOpenIDConnectProvider");
    Object.assign(this.provider(arn).tags, tags);
  }
  async deleteOidcProvider(arn: string) {
    this.write("DeleteOpenIDConnectProvider");
    this.oidcProviders.delete(arn);
  }
  async listRoles(): Promise<ListedRole[]> {
    return [...this.roles.values()].map((r) => ({
      roleName: r.info.roleName,
      path: r.info.path,
      arn: r.info.arn,
      // As IAM answers: URL-encoded JSON.
      trustPolicyText: encodeURIComponent(JSON.stringify(r.info.trustPolicy)),
    }));
  }
  async listRolesTrustingFederated(federated: string) {
    return [...this.roles.values()]
      .filter((r) =>
        r.info.trustPolicy.Statement.some((s) => {
          const p = s.Principal;
          if (p === undefined || p === "*") return false;
          return [p.Federated ?? []].flat().includes(federated);
        }),
      )
      .map((r) => r.info.arn);
  }
  private provider(arn: string): OidcProviderInfo {
    const found = this.oidcProviders.get(arn);
    if (found === undefined) throw new AwsOperationError("NO_SUCH_ENTITY", `no OIDC provider ${arn}`);
    return found;
  }
}
