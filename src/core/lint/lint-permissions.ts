import type { AccessPlan, TargetPlan } from "../plan/access-plan.js";
import { type PolicyStatement, toList } from "../plan/policy-document.js";
import { describeStatement } from "./describe-statement.js";
import { type LintFinding, lintFinding } from "./lint-finding.js";
import { hasWildcard, matchesIamPattern } from "./match-iam-pattern.js";

/** Actions that have no resource type, so `Resource: "*"` is the only way to grant them (R21). */
export const RESOURCELESS_ACTIONS = ["ecr:GetAuthorizationToken", "sts:GetCallerIdentity"];

/**
 * Privilege escalation: with any of these a build can grant itself more (IAM writes, PassRole) or hop to another
 * role (sts:AssumeRole onward). An action pattern is flagged when it matches one of them.
 */
export const ESCALATION_ACTIONS = [
  "iam:AddUserToGroup",
  "iam:AttachGroupPolicy",
  "iam:AttachRolePolicy",
  "iam:AttachUserPolicy",
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:CreatePolicyVersion",
  "iam:CreateRole",
  "iam:CreateUser",
  "iam:DeleteRolePermissionsBoundary",
  "iam:DeleteRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PassRole",
  "iam:PutGroupPolicy",
  "iam:PutRolePermissionsBoundary",
  "iam:PutRolePolicy",
  "iam:PutUserPolicy",
  "iam:SetDefaultPolicyVersion",
  "iam:UpdateAssumeRolePolicy",
  "iam:UpdateLoginProfile",
  "sts:AssumeRole",
];

/**
 * ESCALATION_ACTIONS in lower case: an action without a wildcard matches one of them exactly when its lower case is
 * in this set (what matchesIamPattern would say, without comparing it to each of them: lint checks every action of
 * every target).
 */
const ESCALATION_ACTIONS_LOWER = new Set(ESCALATION_ACTIONS.map((a) => a.toLowerCase()));

/** AWS-managed policies that make a build role an administrator. */
const ADMIN_POLICIES: Record<string, "error" | "warning"> = {
  AdministratorAccess: "error",
  IAMFullAccess: "error",
  PowerUserAccess: "warning",
};

/**
 * Security check 6 on each target's permission policy and managed policies: least privilege. `*` resources (except
 * for resource-less actions such as ecr:GetAuthorizationToken), `*`/`service:*` actions, IAM writes and onward
 * AssumeRole, S3 writes on a whole bucket, NotAction/NotResource Allows, admin managed policies, and roles that
 * can do nothing at all.
 */
export function lintPermissions(plan: AccessPlan): LintFinding[] {
  return plan.targets.flatMap((target) => [
    ...(target.permissionPolicy?.Statement ?? []).flatMap((s, i) =>
      s.Effect === "Allow" ? lintStatement(target, s, i) : [],
    ),
    ...lintManaged(target),
  ]);
}

// --- internal ---

type Check = (target: TargetPlan, where: string, statement: PolicyStatement) => LintFinding[];

function lintStatement(target: TargetPlan, statement: PolicyStatement, i: number): LintFinding[] {
  const where = `Target "${target.name}": permission policy ${describeStatement(statement, i)} of ${target.roleArn}`;
  const checks: Check[] = [notElements, actionWildcards, resourceWildcards, escalation, wholeBucketWrites];
  return checks.flatMap((check) => check(target, where, statement));
}

function notElements(target: TargetPlan, where: string, statement: PolicyStatement): LintFinding[] {
  return (["NotAction", "NotResource"] as const)
    .filter((key) => statement[key] !== undefined)
    .map((key) =>
      lintFinding(
        key === "NotAction" ? "permission-not-action" : "permission-not-resource",
        "warning",
        target.name,
        `${where} allows with ${key} ${JSON.stringify(statement[key])}: everything except the listed ${key === "NotAction" ? "actions" : "resources"} is allowed, including whatever AWS adds later.`,
        `List what the build needs with ${key === "NotAction" ? "Action" : "Resource"} instead.`,
      ),
    );
}

function actionWildcards(target: TargetPlan, where: string, statement: PolicyStatement): LintFinding[] {
  return toList(statement.Action)
    .filter((a) => a === "*" || /^[^:]+:\*$/.test(a))
    .map((a) =>
      lintFinding(
        "permission-action-wildcard",
        a === "*" ? "error" : "warning",
        target.name,
        `${where} allows action "${a}": ${a === "*" ? "every action of every service" : "every action of the service, including deletes and policy changes"}.`,
        "List the actions the build needs (e.g. ecr push: use permissions.ecr.push in the spec).",
      ),
    );
}

function resourceWildcards(target: TargetPlan, where: string, statement: PolicyStatement): LintFinding[] {
  const actions = toList(statement.Action);
  const wild = toList(statement.Resource).filter(isWholeResourceWildcard);
  if (wild.length === 0 || (actions.length > 0 && actions.every(isResourceless))) return [];
  const risky = actions.filter((a) => !isResourceless(a) && (a === "*" || !isReadOnly(a)));
  return [
    lintFinding(
      "permission-resource-wildcard",
      risky.length > 0 ? "error" : "warning",
      target.name,
      `${where} allows ${actions.map((a) => `"${a}"`).join(", ")} on ${wild.map((r) => `"${r}"`).join(", ")}: every resource of that kind in the account${risky.length > 0 ? `, including writes (${risky.join(", ")})` : ""}.`,
      'Name the resources (repository, bucket/prefix, key ARNs). Only actions without a resource type, such as ecr:GetAuthorizationToken, belong on "*".',
    ),
  ];
}

function escalation(target: TargetPlan, where: string, statement: PolicyStatement): LintFinding[] {
  const hits = toList(statement.Action).filter(
    (a) =>
      a !== "*" &&
      (hasWildcard(a)
        ? ESCALATION_ACTIONS.some((e) => matchesIamPattern(a, e))
        : ESCALATION_ACTIONS_LOWER.has(a.toLowerCase())),
  );
  if (hits.length === 0) return [];
  return [
    lintFinding(
      "permission-privilege-escalation",
      "error",
      target.name,
      `${where} allows ${hits.map((a) => `"${a}"`).join(", ")}: with IAM writes, PassRole or onward sts:AssumeRole a build can grant itself more or move to other roles (privilege escalation).`,
      "Remove these actions; change IAM from a separate, reviewed pipeline, not from build credentials.",
    ),
  ];
}

function wholeBucketWrites(target: TargetPlan, where: string, statement: PolicyStatement): LintFinding[] {
  const writes = toList(statement.Action).filter((a) =>
    ["s3:PutObject", "s3:DeleteObject"].some((w) => matchesIamPattern(a, w)),
  );
  const buckets = toList(statement.Resource).filter((r) => /^arn:[^:]+:s3:::[^/*?]+\/\*$/.test(r));
  if (writes.length === 0 || buckets.length === 0) return [];
  return [
    lintFinding(
      "permission-s3-whole-bucket",
      "warning",
      target.name,
      `${where} allows ${writes.join(", ")} on whole bucket${buckets.length > 1 ? "s" : ""} ${buckets.map((r) => `"${r}"`).join(", ")}: a build can overwrite any object in ${buckets.length > 1 ? "them" : "it"}.`,
      'Scope writes to a key prefix: "bucket/builds/" in permissions.s3.write.',
    ),
  ];
}

function lintManaged(target: TargetPlan): LintFinding[] {
  const findings = target.managedPolicyArns.flatMap((arn) => {
    const name = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
    const severity = name === undefined ? undefined : ADMIN_POLICIES[name];
    if (severity === undefined) return [];
    return [
      lintFinding(
        "permission-managed-admin",
        severity,
        target.name,
        `Target "${target.name}": ${target.roleArn} has the AWS-managed policy ${arn} attached: builds get ${severity === "error" ? "administrator or IAM-wide" : "nearly all non-IAM"} access in account ${target.account}.`,
        "Detach it and grant what the build needs through permissions.ecr, permissions.s3 or a scoped statement.",
      ),
    ];
  });
  if (target.permissionPolicy === undefined && target.managedPolicyArns.length === 0) {
    findings.push(
      lintFinding(
        "permission-none",
        "info",
        target.name,
        `Target "${target.name}": ${target.roleArn} has no permission policy and no managed policies, so builds can assume it but do nothing.`,
        "Add permissions to the target in the spec (permissions.ecr, permissions.s3, managedPolicyArns or statements).",
      ),
    );
  }
  return findings;
}

/** `*`, or an ARN whose account or resource part is entirely a wildcard. */
function isWholeResourceWildcard(resource: string): boolean {
  if (resource === "*") return true;
  const parts = resource.split(":");
  return parts.length >= 6 && (parts[4] === "*" || parts.slice(5).join(":") === "*");
}

function isResourceless(action: string): boolean {
  return RESOURCELESS_ACTIONS.some((a) => a.toLowerCase() === action.toLowerCase());
}

/** Read-only by naming convention (Get, List, Describe, …); a pattern starting so matches only such actions. */
function isReadOnly(action: string): boolean {
  const name = action.slice(action.indexOf(":") + 1);
  return /^(?:Get|List|Describe|BatchGet|BatchCheck|Head|Lookup|Search|Select|View|Query|Scan)/i.test(name);
}
