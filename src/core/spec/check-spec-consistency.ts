import { ACCOUNT_ID, IAM_PRINCIPAL_ARN, KMS_KEY_ARN, REGION } from "../identifiers/aws-patterns.js";
import { regionNameProblem } from "../identifiers/check-region-name.js";
import type { PathIssue } from "./spec-path.js";

/**
 * Rules that span fields, which the per-field schema cannot express. Runs on the parsed data even when other
 * fields are invalid (so one run reports everything), and checks only the fields that are well-formed.
 *
 * - a full-ARN build principal must be in build.account;
 * - two targets may not name the same role (IAM role names are unique per account, ignoring case and path);
 * - target names may not differ only by case (they become file names and resource IDs);
 * - each region, including a KMS key ARN's, is one of AWS's regions (a typo would end in every ARN or never match
 *   the key), unless `allowUnknownRegion: true`.
 */
export function checkSpecConsistency(data: unknown): PathIssue[] {
  const root = asRecord(data);
  return [
    ...checkPrincipalAccount(asRecord(root?.build)),
    ...checkTargets(asRecord(root?.targets)),
    ...checkRegions(root),
  ];
}

// --- internal ---

function checkPrincipalAccount(build: Record<string, unknown> | undefined): PathIssue[] {
  const account = build?.account;
  const match = typeof build?.principal === "string" ? IAM_PRINCIPAL_ARN.exec(build.principal) : null;
  const arnAccount = match?.[2];
  if (typeof account !== "string" || !ACCOUNT_ID.test(account) || arnAccount === undefined) return [];
  if (arnAccount === account) return [];
  return [
    {
      path: ["build", "principal"],
      at: "value",
      message: `is in account ${arnAccount}, but build.account is ${account}: the build principal must be in the BUILD account (fix either, or write user/NAME or role/NAME)`,
    },
  ];
}

/** Well-formed region names outside AWS's list; malformed ones are the schema's to report. */
function checkRegions(root: Record<string, unknown> | undefined): PathIssue[] {
  if (root === undefined || root.allowUnknownRegion === true) return [];
  const regions: Array<{ path: PathIssue["path"]; value: unknown; arn?: string }> = [
    { path: ["region"], value: root.region },
    ...Object.entries(asRecord(root.targets) ?? {}).flatMap(([name, target]) => [
      { path: ["targets", name, "region"], value: asRecord(target)?.region },
      ...kmsKeyArns(asRecord(target)).map((arn, i) => ({
        path: ["targets", name, "permissions", "s3", "kmsKeyArns", i],
        value: arn.split(":")[3],
        arn,
      })),
    ]),
  ];
  return regions.flatMap(({ path, value, arn }) => {
    if (typeof value !== "string" || !REGION.test(value)) return [];
    const problem = regionNameProblem(value, { optOut: "allowUnknownRegion: true at the top of the spec" });
    if (problem === undefined) return [];
    const what =
      arn === undefined ? JSON.stringify(value) : `the region of ${arn}, ${JSON.stringify(value)},`;
    return [{ path, at: "value", message: `${what} ${problem.message} ${problem.hint}` }];
  });
}

/** The well-formed KMS key ARNs of a target's S3 permissions (the schema reports the others). */
function kmsKeyArns(target: Record<string, unknown> | undefined): string[] {
  const arns = asRecord(asRecord(target?.permissions)?.s3)?.kmsKeyArns;
  return Array.isArray(arns)
    ? arns.filter((a): a is string => typeof a === "string" && KMS_KEY_ARN.test(a))
    : [];
}

function checkTargets(targets: Record<string, unknown> | undefined): PathIssue[] {
  if (targets === undefined) return [];
  const issues: PathIssue[] = [];
  const roles = new Map<string, string>();
  const names = new Map<string, string>();
  for (const [name, value] of Object.entries(targets)) {
    const sameName = names.get(name.toLowerCase());
    if (sameName !== undefined) issues.push(caseCollision(sameName, name));
    else names.set(name.toLowerCase(), name);
    const roleKey = roleIdentity(asRecord(value));
    if (roleKey === undefined) continue;
    const first = roles.get(roleKey.key);
    if (first !== undefined) issues.push(sharedRole(first, name, roleKey.display));
    else roles.set(roleKey.key, name);
  }
  return issues;
}

/** Account plus role name (no path), lowercased: what IAM itself requires to be unique. */
function roleIdentity(
  target: Record<string, unknown> | undefined,
): { key: string; display: string } | undefined {
  const { account, role } = target ?? {};
  if (typeof account !== "string" || !ACCOUNT_ID.test(account) || typeof role !== "string") return undefined;
  const name = role.slice(role.lastIndexOf("/") + 1);
  if (name === "") return undefined;
  return { key: `${account}:${name.toLowerCase()}`, display: `role ${name} in account ${account}` };
}

function sharedRole(first: string, second: string, role: string): PathIssue {
  return {
    path: ["targets", second, "role"],
    at: "value",
    message: `targets \`${first}\` and \`${second}\` both use ${role}; give each target its own role (IAM role names are unique in an account, ignoring case and path)`,
  };
}

function caseCollision(first: string, second: string): PathIssue {
  return {
    path: ["targets", second],
    at: "key",
    message: `target names \`${first}\` and \`${second}\` differ only by case; target names must be unique ignoring case`,
  };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
