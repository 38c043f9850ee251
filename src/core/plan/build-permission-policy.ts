import type { PermissionsSpec, RawStatementSpec } from "../spec/spec-schema.js";
import {
  type AccountScopedPolicy,
  type AccountScopedStatement,
  policyForAccount,
  type ScopedResource,
} from "./account-scoped-policy.js";
import {
  POLICY_VERSION,
  type PolicyDocument,
  type PolicyStatement,
  singleOrList,
} from "./policy-document.js";

/** Where the permissions apply: the target account and region. */
export interface PermissionScope {
  partition: "aws" | "aws-cn" | "aws-us-gov";
  region: string;
  account: string;
}

/**
 * ECR push: the five actions AWS documents for `docker push` plus `BatchGetImage` (in AWS's own example), and
 * `GetDownloadUrlForLayer` so a build can also pull what it pushes (`--cache-from`, multi-stage rebuilds) without
 * listing the repository twice (R21).
 */
export const ECR_PUSH_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:CompleteLayerUpload",
  "ecr:GetDownloadUrlForLayer",
  "ecr:InitiateLayerUpload",
  "ecr:PutImage",
  "ecr:UploadLayerPart",
];
/** ECR pull: what `docker pull` needs on the repository. */
export const ECR_PULL_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
];
/**
 * S3 write: put and read back objects, and abort the multipart uploads large artefacts use. No `DeleteObject`:
 * builds publish artefacts, and deletion is left to lifecycle rules or a raw statement.
 */
export const S3_WRITE_ACTIONS = ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"];
/** KMS actions SSE-KMS objects need for reading and writing (R23). */
export const KMS_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"];

/**
 * The least-privilege inline permission policy of a target role (security check 6), or undefined when the spec
 * grants nothing inline. Statements have stable Sids and a deterministic order: ECR push, ECR pull, the ECR
 * token (`Resource: "*"`, the action has no resource type), per bucket S3 write/read/list, KMS, then the raw
 * statements as given. Names and locations are sorted and deduplicated, so reordering the spec changes nothing.
 */
export function buildPermissionPolicy(
  permissions: PermissionsSpec | undefined,
  scope: PermissionScope,
): PolicyDocument | undefined {
  const template = buildPermissionTemplate(permissions, scope);
  return template === undefined ? undefined : policyForAccount(template, scope.account);
}

/**
 * {@link buildPermissionPolicy} before the account is known: the values crossrole derives from the target's
 * account (ECR repository ARNs, and nothing else) are marked as such; KMS key ARNs, bucket ARNs and raw
 * statements are kept exactly as the spec wrote them, whichever account they name.
 */
export function buildPermissionTemplate(
  permissions: PermissionsSpec | undefined,
  scope: Omit<PermissionScope, "account">,
): AccountScopedPolicy | undefined {
  const statements: AccountScopedStatement[] = [
    ...ecrStatements(permissions?.ecr, scope),
    ...s3Statements(permissions?.s3, scope.partition),
    ...kmsStatements(permissions?.s3?.kmsKeyArns),
    ...(permissions?.statements ?? []).map(toPolicyStatement),
  ];
  return statements.length === 0 ? undefined : { Version: POLICY_VERSION, Statement: statements };
}

// --- internal ---

function ecrStatements(
  ecr: PermissionsSpec["ecr"],
  scope: Omit<PermissionScope, "account">,
): AccountScopedStatement[] {
  const push = sortedUnique(ecr?.push ?? []);
  const pull = sortedUnique(ecr?.pull ?? []).filter((repo) => !push.includes(repo));
  // The repositories are in the role's own account: the one value crossrole derives from it.
  const arn = (repo: string): ScopedResource => ({
    beforeAccount: `arn:${scope.partition}:ecr:${scope.region}:`,
    afterAccount: `:repository/${repo}`,
  });
  const statements: AccountScopedStatement[] = [];
  if (push.length > 0) statements.push(allow("EcrPush", ECR_PUSH_ACTIONS, push.map(arn)));
  if (pull.length > 0) statements.push(allow("EcrPull", ECR_PULL_ACTIONS, pull.map(arn)));
  if (statements.length > 0) statements.push(allow("EcrAuthToken", ["ecr:GetAuthorizationToken"], ["*"]));
  return statements;
}

function s3Statements(s3: PermissionsSpec["s3"], partition: string): PolicyStatement[] {
  const write = groupByBucket(s3?.write ?? []);
  const read = groupByBucket(s3?.read ?? []);
  const buckets = sortedUnique([...write.keys(), ...read.keys()]);
  const keys = sidKeys(buckets);
  return buckets.flatMap((bucket, i) =>
    bucketStatements(bucket, keys[i] ?? "", write.get(bucket) ?? [], read.get(bucket) ?? [], partition),
  );
}

/** Up to three statements for one bucket: write and read on objects under the prefixes, list of those prefixes. */
function bucketStatements(
  bucket: string,
  key: string,
  writePrefixes: string[],
  readPrefixes: string[],
  partition: string,
): PolicyStatement[] {
  const write = minimalPrefixes(writePrefixes);
  const read = minimalPrefixes(readPrefixes).filter((r) => !write.some((w) => r.startsWith(w)));
  const objects = (prefixes: string[]) => prefixes.map((p) => `arn:${partition}:s3:::${bucket}/${p}*`);
  const statements: PolicyStatement[] = [];
  if (write.length > 0) statements.push(allow(`S3Write${key}`, S3_WRITE_ACTIONS, objects(write)));
  if (read.length > 0) statements.push(allow(`S3Read${key}`, ["s3:GetObject"], objects(read)));
  const list = allow(`S3List${key}`, ["s3:ListBucket"], [`arn:${partition}:s3:::${bucket}`]);
  const listed = minimalPrefixes([...write, ...read]);
  // R23: s3:prefix excludes the bucket name. An empty prefix means the whole bucket: no condition.
  if (!listed.includes("")) list.Condition = { StringLike: { "s3:prefix": listed.map((p) => `${p}*`) } };
  statements.push(list);
  return statements;
}

function kmsStatements(keyArns: readonly string[] | undefined): PolicyStatement[] {
  const keys = sortedUnique(keyArns ?? []);
  return keys.length === 0 ? [] : [allow("KmsForS3", KMS_ACTIONS, keys)];
}

function allow<R extends ScopedResource>(
  sid: string,
  actions: string[],
  resources: R[],
): Omit<PolicyStatement, "Resource"> & { Resource: R | R[] } {
  return { Sid: sid, Effect: "Allow", Action: singleOrList(actions), Resource: singleOrList(resources) };
}

/** `bucket/prefix/` locations → bucket → prefixes. */
function groupByBucket(locations: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const location of locations) {
    const cut = location.indexOf("/");
    const bucket = location.slice(0, cut);
    map.set(bucket, [...(map.get(bucket) ?? []), location.slice(cut + 1)]);
  }
  return map;
}

/** Sorted prefixes without those another prefix already covers (`a/` covers `a/b/`). */
function minimalPrefixes(prefixes: readonly string[]): string[] {
  const sorted = sortedUnique(prefixes);
  return sorted.filter((p) => !sorted.some((q) => q !== p && p.startsWith(q)));
}

/** Sid-safe (alphanumeric) keys for bucket names, made unique with a counter where two collapse to one. */
function sidKeys(buckets: readonly string[]): string[] {
  const used = new Set<string>();
  return buckets.map((bucket) => {
    const base = bucket
      .split(/[^a-z0-9]+/)
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join("");
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}${n}`;
    used.add(key);
    return key;
  });
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** A raw spec statement as a policy statement (only the keys it sets). */
function toPolicyStatement(raw: RawStatementSpec): PolicyStatement {
  const statement: PolicyStatement =
    raw.Sid === undefined ? { Effect: raw.Effect } : { Sid: raw.Sid, Effect: raw.Effect };
  if (raw.Action !== undefined) statement.Action = raw.Action;
  if (raw.NotAction !== undefined) statement.NotAction = raw.NotAction;
  if (raw.Resource !== undefined) statement.Resource = raw.Resource;
  if (raw.NotResource !== undefined) statement.NotResource = raw.NotResource;
  if (raw.Condition !== undefined) statement.Condition = raw.Condition;
  return statement;
}
