import {
  AddClientIDToOpenIDConnectProviderCommand,
  type AttachedPolicy,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteOpenIDConnectProviderCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListPolicyVersionsCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListRolePolicies,
  paginateListRoles,
  paginateListRoleTags,
  paginateListUserPolicies,
  TagOpenIDConnectProviderCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from "@aws-sdk/client-iam";
import { AwsAuthError, AwsOperationError, type CrossroleError } from "../core/errors.js";
import { MANAGED_TAG_KEY, MANAGED_TAG_VALUE } from "../core/plan/access-plan.js";
import type { PolicyDocument } from "../core/plan/policy-document.js";
import type {
  AccessKey,
  CreateRoleInput,
  IamPort,
  ListedRole,
  RoleInfo,
  UserInfo,
} from "../core/ports/iam-port.js";
import { type AwsClientConfig, toSdkClientConfig } from "./aws-client-config.js";
import { checkIamPage } from "./check-iam-page.js";
import { translateAwsError } from "./translate-aws-error.js";

/** Options of {@link createIamAdapter}. */
export interface IamAdapterOptions {
  /** The account these credentials administer, for messages ("in account 111111111111"). */
  account?: string;
  /** Called before every IAM write call with its action name (e.g. "CreateRole"): used to count writes. */
  onWrite?: (action: string) => void;
}

/**
 * The IAM port on the AWS SDK: the only place crossrole imports @aws-sdk/client-iam. Reads return undefined for
 * NoSuchEntity; trust policies come back URL-decoded and parsed. Every failure is a CrossroleError: IAM's
 * "Invalid principal" (the trust names a BUILD principal that does not exist, R16) becomes INVALID_PRINCIPAL,
 * AccessDenied says which call and account need which permission; the SDK's standard retry handles throttling
 * and 5xx.
 */
export function createIamAdapter(config: AwsClientConfig, options: IamAdapterOptions = {}): IamPort {
  const client = new IAMClient({
    ...toSdkClientConfig(config),
    // IAM is a global service; its endpoint does not depend on the region, but the SDK needs one to sign.
    region: config.region ?? "us-east-1",
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
  // IAM's quota error is `LimitExceeded` on the wire; the SDK names it LimitExceededException, which its retry
  // strategy counts as throttling, so a full quota cost three backed-off retries before the same error. Inside the
  // retry middleware (finalizeRequest, low priority) the name goes back to IAM's code: a client error, not retried.
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof Error && error.name === "LimitExceededException") error.name = "LimitExceeded";
        throw error;
      }
    },
    { step: "finalizeRequest", priority: "low", name: "crossrole-iam-quota-is-not-throttling" },
  );
  const where = options.account === undefined ? "" : ` in account ${options.account}`;

  async function call<T>(action: string, resource: string, run: () => Promise<T>): Promise<T> {
    if (isWrite(action)) options.onWrite?.(action);
    try {
      return await run();
    } catch (error) {
      throw explain(error, action, resource, where, config.endpoint);
    }
  }
  async function absentAsUndefined<T>(action: string, resource: string, run: () => Promise<T>) {
    try {
      return await call(action, resource, run);
    } catch (error) {
      if ((error as CrossroleError).code === "NO_SUCH_ENTITY") return undefined;
      throw error;
    }
  }

  return {
    getRole: (roleName) =>
      absentAsUndefined("GetRole", roleName, async () => {
        const { Role } = await client.send(new GetRoleCommand({ RoleName: roleName }));
        if (Role === undefined) return undefined;
        const info: RoleInfo = {
          roleName: Role.RoleName ?? roleName,
          path: Role.Path ?? "/",
          arn: Role.Arn ?? "",
          roleId: Role.RoleId ?? "",
          maxSessionDuration: Role.MaxSessionDuration ?? 3600,
          trustPolicy: decodePolicy(Role.AssumeRolePolicyDocument),
        };
        if (Role.Description !== undefined && Role.Description !== "") info.description = Role.Description;
        return info;
      }),
    listRolePolicies: (roleName) =>
      call("ListRolePolicies", roleName, async () => {
        const names: string[] = [];
        for await (const page of paginateListRolePolicies({ client }, { RoleName: roleName }))
          names.push(...(checkIamPage(page, "ListRolePolicies").PolicyNames ?? []));
        return names;
      }),
    getRolePolicy: (roleName, policyName) =>
      absentAsUndefined("GetRolePolicy", `${roleName}/${policyName}`, async () => {
        const out = await client.send(
          new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }),
        );
        return decodePolicy(out.PolicyDocument);
      }),
    listAttachedRolePolicies: (roleName) =>
      call("ListAttachedRolePolicies", roleName, async () => {
        const arns: string[] = [];
        for await (const page of paginateListAttachedRolePolicies({ client }, { RoleName: roleName }))
          arns.push(...policyArns(checkIamPage(page, "ListAttachedRolePolicies").AttachedPolicies));
        return arns;
      }),
    listRoleTags: (roleName) =>
      call("ListRoleTags", roleName, async () => {
        const tags: Record<string, string> = {};
        for await (const page of paginateListRoleTags({ client }, { RoleName: roleName }))
          for (const t of checkIamPage(page, "ListRoleTags").Tags ?? [])
            if (t.Key !== undefined) tags[t.Key] = t.Value ?? "";
        return tags;
      }),
    createRole: (input: CreateRoleInput) =>
      call("CreateRole", input.roleName, async () => {
        await client.send(
          new CreateRoleCommand({
            RoleName: input.roleName,
            Path: input.path,
            AssumeRolePolicyDocument: JSON.stringify(input.trustPolicy),
            MaxSessionDuration: input.maxSessionDuration,
            ...(input.description === undefined ? {} : { Description: input.description }),
            Tags: toTags(input.tags),
          }),
        );
      }),
    updateAssumeRolePolicy: (roleName, trustPolicy) =>
      call("UpdateAssumeRolePolicy", roleName, async () => {
        await client.send(
          new UpdateAssumeRolePolicyCommand({
            RoleName: roleName,
            PolicyDocument: JSON.stringify(trustPolicy),
          }),
        );
      }),
    updateRole: (roleName, input) =>
      call("UpdateRole", roleName, async () => {
        await client.send(
          new UpdateRoleCommand({
            RoleName: roleName,
            MaxSessionDuration: input.maxSessionDuration,
            ...(input.description === undefined ? {} : { Description: input.description }),
          }),
        );
      }),
    putRolePolicy: (roleName, policyName, policy) =>
      call("PutRolePolicy", `${roleName}/${policyName}`, async () => {
        await client.send(
          new PutRolePolicyCommand({
            RoleName: roleName,
            PolicyName: policyName,
            PolicyDocument: JSON.stringify(policy),
          }),
        );
      }),
    deleteRolePolicy: (roleName, policyName) =>
      call("DeleteRolePolicy", `${roleName}/${policyName}`, async () => {
        await client.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
      }),
    attachRolePolicy: (roleName, policyArn) =>
      call("AttachRolePolicy", `${roleName} ${policyArn}`, async () => {
        await client.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }));
      }),
    detachRolePolicy: (roleName, policyArn) =>
      call("DetachRolePolicy", `${roleName} ${policyArn}`, async () => {
        await client.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }));
      }),
    tagRole: (roleName, tags) =>
      call("TagRole", roleName, async () => {
        await client.send(new TagRoleCommand({ RoleName: roleName, Tags: toTags(tags) }));
      }),
    untagRole: (roleName, keys) =>
      call("UntagRole", roleName, async () => {
        await client.send(new UntagRoleCommand({ RoleName: roleName, TagKeys: keys }));
      }),
    deleteRole: (roleName) =>
      call("DeleteRole", roleName, async () => {
        await client.send(new DeleteRoleCommand({ RoleName: roleName }));
      }),
    getUser: (userName) =>
      absentAsUndefined("GetUser", userName, async () => {
        const { User } = await client.send(new GetUserCommand({ UserName: userName }));
        return User === undefined ? undefined : toUserInfo(User, userName);
      }),
    createUser: (input) =>
      call("CreateUser", input.userName, async () => {
        const { User } = await client.send(
          new CreateUserCommand({ UserName: input.userName, Path: input.path, Tags: toTags(input.tags) }),
        );
        return toUserInfo(User ?? {}, input.userName);
      }),
    createAccessKey: (userName) =>
      call("CreateAccessKey", userName, async (): Promise<AccessKey> => {
        const { AccessKey: key } = await client.send(new CreateAccessKeyCommand({ UserName: userName }));
        if (key?.AccessKeyId === undefined || key.SecretAccessKey === undefined) {
          throw new AwsOperationError(
            "EMPTY_ACCESS_KEY",
            `iam:CreateAccessKey for ${userName} returned no key.`,
          );
        }
        return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
      }),
    deleteAccessKey: (userName, accessKeyId) =>
      call("DeleteAccessKey", `${userName}/${accessKeyId}`, async () => {
        await client.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId }));
      }),
    deleteUser: (userName) =>
      call("DeleteUser", userName, async () => {
        await client.send(new DeleteUserCommand({ UserName: userName }));
      }),
    putUserPolicy: (userName, policyName, policy) =>
      call("PutUserPolicy", `${userName}/${policyName}`, async () => {
        await client.send(
          new PutUserPolicyCommand({
            UserName: userName,
            PolicyName: policyName,
            PolicyDocument: JSON.stringify(policy),
          }),
        );
      }),
    listUserPolicies: (userName) =>
      call("ListUserPolicies", userName, async () => {
        const names: string[] = [];
        for await (const page of paginateListUserPolicies({ client }, { UserName: userName }))
          names.push(...(checkIamPage(page, "ListUserPolicies").PolicyNames ?? []));
        return names;
      }),
    getUserPolicy: (userName, policyName) =>
      absentAsUndefined("GetUserPolicy", `${userName}/${policyName}`, async () => {
        const out = await client.send(
          new GetUserPolicyCommand({ UserName: userName, PolicyName: policyName }),
        );
        return decodePolicy(out.PolicyDocument);
      }),
    deleteUserPolicy: (userName, policyName) =>
      call("DeleteUserPolicy", `${userName}/${policyName}`, async () => {
        await client.send(new DeleteUserPolicyCommand({ UserName: userName, PolicyName: policyName }));
      }),
    listAttachedUserPolicies: (userName) =>
      call("ListAttachedUserPolicies", userName, async () => {
        const arns: string[] = [];
        for await (const page of paginateListAttachedUserPolicies({ client }, { UserName: userName }))
          arns.push(...policyArns(checkIamPage(page, "ListAttachedUserPolicies").AttachedPolicies));
        return arns;
      }),
    attachUserPolicy: (userName, policyArn) =>
      call("AttachUserPolicy", `${userName} ${policyArn}`, async () => {
        await client.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }));
      }),
    detachUserPolicy: (userName, policyArn) =>
      call("DetachUserPolicy", `${userName} ${policyArn}`, async () => {
        await client.send(new DetachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }));
      }),
    getManagedPolicy: (policyArn) =>
      absentAsUndefined("GetPolicy", policyArn, async () => {
        const { Policy } = await client.send(new GetPolicyCommand({ PolicyArn: policyArn }));
        const versionId = Policy?.DefaultVersionId ?? "";
        const { PolicyVersion } = await client.send(
          new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }),
        );
        const { Versions } = await client.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn }));
        const others = (Versions ?? [])
          .filter((v) => v.IsDefaultVersion !== true && v.VersionId !== undefined)
          .sort((a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0))
          .map((v) => v.VersionId as string);
        return { document: decodePolicy(PolicyVersion?.Document), otherVersionIds: others };
      }),
    createPolicy: (input) =>
      call("CreatePolicy", `${input.path}${input.policyName}`, async () => {
        await client.send(
          new CreatePolicyCommand({
            PolicyName: input.policyName,
            Path: input.path,
            PolicyDocument: JSON.stringify(input.policy),
            Description: input.description,
            Tags: toTags({ [MANAGED_TAG_KEY]: MANAGED_TAG_VALUE }),
          }),
        );
      }),
    createPolicyVersion: (policyArn, policy) =>
      call("CreatePolicyVersion", policyArn, async () => {
        await client.send(
          new CreatePolicyVersionCommand({
            PolicyArn: policyArn,
            PolicyDocument: JSON.stringify(policy),
            SetAsDefault: true,
          }),
        );
      }),
    deletePolicyVersion: (policyArn, versionId) =>
      call("DeletePolicyVersion", `${policyArn} ${versionId}`, async () => {
        await client.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }));
      }),
    deletePolicy: (policyArn) =>
      call("DeletePolicy", policyArn, async () => {
        await client.send(new DeletePolicyCommand({ PolicyArn: policyArn }));
      }),
    getOidcProvider: (providerArn) =>
      absentAsUndefined("GetOpenIDConnectProvider", providerArn, async () => {
        const out = await client.send(
          new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }),
        );
        return {
          url: (out.Url ?? "").replace(/^https:\/\//, ""),
          clientIds: out.ClientIDList ?? [],
          tags: Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])),
        };
      }),
    createOidcProvider: (input) =>
      call("CreateOpenIDConnectProvider", input.url, async () => {
        // No ThumbprintList: IAM validates well-known issuers with its trusted CAs and fetches one for others.
        await client.send(
          new CreateOpenIDConnectProviderCommand({
            Url: input.url,
            ClientIDList: input.clientIds,
            Tags: toTags(input.tags),
          }),
        );
      }),
    addOidcProviderClientId: (providerArn, clientId) =>
      call("AddClientIDToOpenIDConnectProvider", providerArn, async () => {
        await client.send(
          new AddClientIDToOpenIDConnectProviderCommand({
            OpenIDConnectProviderArn: providerArn,
            ClientID: clientId,
          }),
        );
      }),
    tagOidcProvider: (providerArn, tags) =>
      call("TagOpenIDConnectProvider", providerArn, async () => {
        await client.send(
          new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn, Tags: toTags(tags) }),
        );
      }),
    deleteOidcProvider: (providerArn) =>
      call("DeleteOpenIDConnectProvider", providerArn, async () => {
        await client.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }));
      }),
    listRolesTrustingFederated: (federated) =>
      call("ListRoles", "*", async () => {
        const arns: string[] = [];
        for await (const page of paginateListRoles({ client }, {})) {
          for (const role of checkIamPage(page, "ListRoles").Roles ?? []) {
            const trust = decodePolicy(role.AssumeRolePolicyDocument);
            if (namesFederated(trust, federated) && role.Arn !== undefined) arns.push(role.Arn);
          }
        }
        return arns;
      }),
    listRoles: () =>
      call("ListRoles", "*", async () => {
        const roles: ListedRole[] = [];
        for await (const page of paginateListRoles({ client }, {})) {
          for (const role of checkIamPage(page, "ListRoles").Roles ?? []) {
            roles.push({
              roleName: role.RoleName ?? "",
              path: role.Path ?? "/",
              arn: role.Arn ?? "",
              trustPolicyText: role.AssumeRolePolicyDocument,
            });
          }
        }
        return roles;
      }),
  };
}

/**
 * Parses a policy document as IAM returns it: URL-encoded JSON (GetRole, GetRolePolicy, GetUserPolicy). Raw JSON
 * is accepted too (some emulators return it).
 */
export function decodePolicy(text: string | undefined): PolicyDocument {
  if (text === undefined || text === "") return { Version: "2012-10-17", Statement: [] };
  const json = text.trimStart().startsWith("{") ? text : decodeURIComponent(text);
  const parsed = JSON.parse(json) as PolicyDocument & { Statement: unknown };
  // A single statement may be written as an object instead of a list.
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  return { ...parsed, Statement: statements as PolicyDocument["Statement"] };
}

// --- internal ---

function namesFederated(trust: PolicyDocument, federated: string): boolean {
  return trust.Statement.some((s) => {
    const principal = s.Principal;
    if (principal === undefined || principal === "*") return false;
    const values = principal.Federated;
    return values === federated || (Array.isArray(values) && values.includes(federated));
  });
}

function policyArns(attached: readonly AttachedPolicy[] | undefined): string[] {
  return (attached ?? []).flatMap((p) => (p.PolicyArn === undefined ? [] : [p.PolicyArn]));
}

const READS = /^(Get|List)/;

function isWrite(action: string): boolean {
  return !READS.test(action);
}

function toTags(tags: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function toUserInfo(
  user: {
    UserName?: string | undefined;
    Path?: string | undefined;
    Arn?: string | undefined;
    UserId?: string | undefined;
  },
  name: string,
): UserInfo {
  return {
    userName: user.UserName ?? name,
    path: user.Path ?? "/",
    arn: user.Arn ?? "",
    userId: user.UserId ?? "",
  };
}

function explain(
  error: unknown,
  action: string,
  resource: string,
  where: string,
  endpoint: string | undefined,
): CrossroleError {
  const e = error as { name?: string; message?: string };
  const name = e.name ?? "";
  const message = e.message ?? "";
  if (/NoSuchEntity/.test(name)) {
    return new AwsOperationError(
      "NO_SUCH_ENTITY",
      `iam:${action} on ${resource}${where}: it does not exist.`,
      {
        cause: error,
      },
    );
  }
  if (/MalformedPolicyDocument/.test(name) && /invalid principal/i.test(message)) {
    return new AwsOperationError(
      "INVALID_PRINCIPAL",
      `iam:${action} on ${resource}${where} was refused: the trust policy names a BUILD principal that does not exist (IAM: "${message}").`,
      {
        hint: "Create the BUILD principal first (as the BUILD account admin, e.g. aws iam create-user --user-name NAME), or let crossrole create the user: crossrole apply --create-build-user --key-out FILE.",
        cause: error,
      },
    );
  }
  if (/DeleteConflict/.test(name)) {
    return new AwsOperationError(
      "DELETE_CONFLICT",
      `iam:${action} on ${resource}${where} was refused: ${message}`,
      {
        hint: "Something crossrole did not create is still attached to it (a policy or an instance profile); remove it, then run crossrole destroy again.",
        cause: error,
      },
    );
  }
  if (/EntityAlreadyExists/.test(name)) {
    return new AwsOperationError(
      "ALREADY_EXISTS",
      `iam:${action} on ${resource}${where}: it already exists.`,
      {
        hint: "Someone created it meanwhile; run crossrole diff, then crossrole apply again.",
        cause: error,
      },
    );
  }
  const translated = translateAwsError(error, {
    action: `iam:${action}`,
    resource: `${resource}${where}`,
    endpoint,
  });
  if (translated.code === "ACCESS_DENIED" && translated.hint === undefined) {
    return new AwsAuthError(translated.code, translated.message, {
      hint: `The admin credentials used${where} need iam:${action}. Use credentials that have it: --target-profile / --build-profile NAME, or admin: { profile | roleArn } in the spec.`,
      cause: error,
    });
  }
  if (
    translated.code === "AWS_ERROR" &&
    /MalformedPolicyDocument|InvalidInput|LimitExceeded|Validation/.test(name)
  ) {
    return new AwsOperationError("IAM_VALIDATION", translated.message, {
      hint: /LimitExceeded/.test(name)
        ? `An IAM quota${where} is full (the message names it): remove what is no longer used, or ask AWS to raise the quota; crossrole lint warns before the policy quotas are reached.`
        : "IAM rejected the request as invalid; check the spec (crossrole lint) and the document shown by crossrole plan.",
      cause: error,
    });
  }
  return translated;
}
