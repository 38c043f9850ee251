import { CreateRepositoryCommand } from "@aws-sdk/client-ecr";
import {
  CreateAccessKeyCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { type BucketLocationConstraint, CreateBucketCommand } from "@aws-sdk/client-s3";
import type { PolicyDocument } from "../../src/core/plan/policy-document.js";
import { adminClients } from "./admin-clients.js";
import type { EmulatorEndpoint } from "./emulator-client.js";

/** An IAM user and its (only) access key. */
export interface UserWithKey {
  readonly accountId: string;
  readonly userName: string;
  readonly arn: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** What {@link createRole} creates. */
export interface RoleSpec {
  name: string;
  /** IAM path such as `/ci/` (default `/`). */
  path?: string;
  trustPolicy: PolicyDocument;
  /** Inline permission policies by name. */
  inlinePolicies?: Record<string, PolicyDocument>;
  maxSessionDuration?: number;
}

/** A created role. */
export interface CreatedRole {
  readonly arn: string;
  readonly name: string;
  readonly roleId: string;
}

async function asAdmin<T>(
  emulator: EmulatorEndpoint,
  accountId: string,
  region: string,
  work: (admin: ReturnType<typeof adminClients>) => Promise<T>,
): Promise<T> {
  const admin = adminClients(emulator, accountId, region);
  try {
    return await work(admin);
  } finally {
    admin.destroy();
  }
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`crossrole emulator: the response has no ${what}`);
  return value;
}

/** Create an IAM user in `accountId` with one access key and, optionally, an inline policy named "inline". */
export function createUserWithKey(
  emulator: EmulatorEndpoint,
  accountId: string,
  userName: string,
  policy?: PolicyDocument,
): Promise<UserWithKey> {
  return asAdmin(emulator, accountId, "us-east-1", async ({ iam }) => {
    const { User } = await iam.send(new CreateUserCommand({ UserName: userName }));
    if (policy) {
      await iam.send(
        new PutUserPolicyCommand({
          UserName: userName,
          PolicyName: "inline",
          PolicyDocument: JSON.stringify(policy),
        }),
      );
    }
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    return {
      accountId,
      userName,
      arn: required(User?.Arn, "user ARN"),
      accessKeyId: required(AccessKey?.AccessKeyId, "access key id"),
      secretAccessKey: required(AccessKey?.SecretAccessKey, "secret access key"),
    };
  });
}

/** Create a role with a trust policy and inline permission policies. */
export function createRole(
  emulator: EmulatorEndpoint,
  accountId: string,
  spec: RoleSpec,
): Promise<CreatedRole> {
  return asAdmin(emulator, accountId, "us-east-1", async ({ iam }) => {
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: spec.name,
        Path: spec.path ?? "/",
        AssumeRolePolicyDocument: JSON.stringify(spec.trustPolicy),
        ...(spec.maxSessionDuration === undefined ? {} : { MaxSessionDuration: spec.maxSessionDuration }),
      }),
    );
    for (const [name, document] of Object.entries(spec.inlinePolicies ?? {})) {
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: spec.name,
          PolicyName: name,
          PolicyDocument: JSON.stringify(document),
        }),
      );
    }
    return {
      arn: required(Role?.Arn, "role ARN"),
      name: spec.name,
      roleId: required(Role?.RoleId, "role id"),
    };
  });
}

/** Put (create or replace) an inline policy on a role, as an administrator of its account. */
export function putRolePolicy(
  emulator: EmulatorEndpoint,
  accountId: string,
  roleName: string,
  policyName: string,
  document: PolicyDocument,
): Promise<void> {
  return asAdmin(emulator, accountId, "us-east-1", async ({ iam }) => {
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: roleName,
        PolicyName: policyName,
        PolicyDocument: JSON.stringify(document),
      }),
    );
  });
}

/** Create an ECR repository; returns its ARN and URI. */
export function createRepository(
  emulator: EmulatorEndpoint,
  accountId: string,
  region: string,
  name: string,
): Promise<{ arn: string; uri: string }> {
  return asAdmin(emulator, accountId, region, async ({ ecr }) => {
    const { repository } = await ecr.send(new CreateRepositoryCommand({ repositoryName: name }));
    return {
      arn: required(repository?.repositoryArn, "repository ARN"),
      uri: required(repository?.repositoryUri, "repository URI"),
    };
  });
}

/** Create an S3 bucket in `region`; returns its name and ARN. */
export function createBucket(
  emulator: EmulatorEndpoint,
  accountId: string,
  region: string,
  name: string,
): Promise<{ name: string; arn: string }> {
  return asAdmin(emulator, accountId, region, async ({ s3 }) => {
    await s3.send(
      new CreateBucketCommand({
        Bucket: name,
        ...(region === "us-east-1"
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
    return { name, arn: `arn:aws:s3:::${name}` };
  });
}

/** Create an IAM OIDC identity provider for `url` (`https://HOST[/PATH]`) with these client IDs; returns its ARN. */
export function createOidcProvider(
  emulator: EmulatorEndpoint,
  accountId: string,
  url: string,
  clientIds: string[] = ["sts.amazonaws.com"],
): Promise<string> {
  return asAdmin(emulator, accountId, "us-east-1", async ({ iam }) => {
    const { OpenIDConnectProviderArn } = await iam.send(
      new CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: clientIds }),
    );
    return required(OpenIDConnectProviderArn, "OIDC provider ARN");
  });
}
