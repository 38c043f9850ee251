import {
  DeleteRepositoryCommand,
  DescribeRepositoriesCommand,
  type ECRClient,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-ecr";
import {
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
  type IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListOpenIDConnectProvidersCommand,
  ListOpenIDConnectProviderTagsCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
} from "@aws-sdk/client-iam";
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketTaggingCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { MANAGED_TAG_KEY, MANAGED_TAG_VALUE } from "../../../src/core/plan/access-plan.js";
import { NAME_PREFIX, RUN_TAG_KEY } from "./run-id.js";

/** Clients of one account with rights to delete what the suite made. */
export interface CleanupClients {
  readonly iam: IAMClient;
  readonly ecr: ECRClient;
  readonly s3: S3Client;
}

/** Which runs' resources to remove: by their `crossrole-test-run` tag value. */
export type RunSelector = (runId: string) => boolean;

/** What was removed (kind:name) and what could not be (with the error). */
export interface CleanupOutcome {
  removed: string[];
  failed: string[];
}

/**
 * Removes, in one account, every IAM user and role, customer-managed policy, ECR repository and S3 bucket whose name
 * starts with `crt-` (or lives under the /crossrole/ path, for crossrole's split grant) and whose
 * `crossrole-test-run` tag the selector accepts. Nothing without that tag is touched. Each resource is attempted
 * even when another fails. IAM OIDC providers are named by their issuer URL, not by the run: one goes only when it
 * carries both managed-by=crossrole and a selected run tag, which the suite puts only on a provider it saw
 * crossrole create in that run (so a provider the suite did not create is never deleted).
 */
export async function removeRunResources(
  clients: CleanupClients,
  select: RunSelector,
): Promise<CleanupOutcome> {
  const outcome: CleanupOutcome = { removed: [], failed: [] };
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
      outcome.removed.push(what);
    } catch (error) {
      outcome.failed.push(`${what}: ${(error as Error).name}: ${(error as Error).message}`);
    }
  };
  const selected = (
    tags: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> | undefined,
  ) => {
    const value = tags?.find((tag) => tag.Key === RUN_TAG_KEY)?.Value;
    return value !== undefined && select(value);
  };
  const { iam, ecr, s3 } = clients;

  for (const role of await listAll(async (Marker) => {
    const page = await iam.send(new ListRolesCommand({ Marker }));
    return { items: page.Roles, next: page.Marker };
  })) {
    const name = role.RoleName;
    if (!name?.startsWith(NAME_PREFIX)) continue;
    const tags = (await iam.send(new ListRoleTagsCommand({ RoleName: name }))).Tags;
    if (!selected(tags)) continue;
    await attempt(`role:${name}`, async () => {
      for (const policy of (await iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames ??
        []) {
        await iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: policy }));
      }
      const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
      for (const policy of attached.AttachedPolicies ?? []) {
        await iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: policy.PolicyArn }));
      }
      await iam.send(new DeleteRoleCommand({ RoleName: name }));
    });
  }
  for (const user of await listAll(async (Marker) => {
    const page = await iam.send(new ListUsersCommand({ Marker }));
    return { items: page.Users, next: page.Marker };
  })) {
    const name = user.UserName;
    if (!name?.startsWith(NAME_PREFIX)) continue;
    const tags = (await iam.send(new ListUserTagsCommand({ UserName: name }))).Tags;
    if (!selected(tags)) continue;
    await attempt(`user:${name}`, async () => {
      for (const key of (await iam.send(new ListAccessKeysCommand({ UserName: name }))).AccessKeyMetadata ??
        []) {
        await iam.send(new DeleteAccessKeyCommand({ UserName: name, AccessKeyId: key.AccessKeyId }));
      }
      for (const policy of (await iam.send(new ListUserPoliciesCommand({ UserName: name }))).PolicyNames ??
        []) {
        await iam.send(new DeleteUserPolicyCommand({ UserName: name, PolicyName: policy }));
      }
      const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: name }));
      for (const policy of attached.AttachedPolicies ?? []) {
        await iam.send(new DetachUserPolicyCommand({ UserName: name, PolicyArn: policy.PolicyArn }));
      }
      await iam.send(new DeleteUserCommand({ UserName: name }));
    });
  }
  const policies = await listAll(async (Marker) => {
    const page = await iam.send(new ListPoliciesCommand({ Scope: "Local", Marker }));
    return { items: page.Policies, next: page.Marker };
  });
  for (const policy of policies) {
    const arn = policy.Arn;
    if (!arn || !(policy.PolicyName?.startsWith(NAME_PREFIX) || policy.Path?.startsWith("/crossrole/")))
      continue;
    const tags = (await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags;
    if (!selected(tags)) continue;
    await attempt(`policy:${arn}`, async () => {
      for (const version of (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ??
        []) {
        if (version.IsDefaultVersion) continue;
        await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: version.VersionId }));
      }
      await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    });
  }

  for (const provider of (await iam.send(new ListOpenIDConnectProvidersCommand({})))
    .OpenIDConnectProviderList ?? []) {
    const arn = provider.Arn;
    if (!arn) continue;
    const tags = (await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn })))
      .Tags;
    const managed = tags?.some((tag) => tag.Key === MANAGED_TAG_KEY && tag.Value === MANAGED_TAG_VALUE);
    if (!managed || !selected(tags)) continue;
    await attempt(`oidc-provider:${arn}`, () =>
      iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })),
    );
  }

  const repositories = await listAll(async (nextToken) => {
    const page = await ecr.send(new DescribeRepositoriesCommand({ nextToken }));
    return { items: page.repositories, next: page.nextToken };
  });
  for (const repository of repositories) {
    if (!repository.repositoryName?.startsWith(NAME_PREFIX) || !repository.repositoryArn) continue;
    const tags = (await ecr.send(new ListTagsForResourceCommand({ resourceArn: repository.repositoryArn })))
      .tags;
    if (!selected(tags?.map((tag) => ({ Key: tag.Key, Value: tag.Value })))) continue;
    await attempt(`ecr:${repository.repositoryName}`, () =>
      ecr.send(new DeleteRepositoryCommand({ repositoryName: repository.repositoryName, force: true })),
    );
  }

  for (const bucket of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
    const name = bucket.Name;
    if (!name?.startsWith(NAME_PREFIX)) continue;
    let tags: Array<{ Key?: string | undefined; Value?: string | undefined }> | undefined;
    try {
      tags = (await s3.send(new GetBucketTaggingCommand({ Bucket: name }))).TagSet;
    } catch {
      continue; // no tags (NoSuchTagSet): not ours
    }
    if (!selected(tags)) continue;
    await attempt(`s3:${name}`, async () => {
      for (;;) {
        const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: name }));
        const objects = [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].map((o) => ({
          Key: o.Key,
          VersionId: o.VersionId,
        }));
        if (objects.length === 0) break;
        await s3.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: objects } }));
      }
      await s3.send(new DeleteBucketCommand({ Bucket: name }));
    });
  }
  return outcome;
}

// --- internal ---

async function listAll<I>(
  page: (marker: string | undefined) => Promise<{ items: I[] | undefined; next: string | undefined }>,
): Promise<I[]> {
  const all: I[] = [];
  let marker: string | undefined;
  do {
    const response = await page(marker);
    all.push(...(response.items ?? []));
    marker = response.next;
  } while (marker);
  return all;
}
