import type { LintFinding } from "../core/lint/lint-finding.js";
import type { AccessPlan, BuildPlan, TargetPlan } from "../core/plan/access-plan.js";
import type { BuildOidcPlan } from "../core/plan/oidc-plan.js";
import type { PolicyDocument, PolicyStatement } from "../core/plan/policy-document.js";
import { orderFinding, summarizeFindings } from "./render-lint.js";

/** Version of the JSON plan format; bumped on any incompatible change. */
export const PLAN_JSON_FORMAT_VERSION = 1;

/** Statement keys in the order IAM documents and AWS's examples use. */
const STATEMENT_KEYS: readonly (keyof PolicyStatement)[] = [
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
];

/**
 * The plan and its lint findings for machines (`crossrole plan --format json`):
 * `{ "formatVersion": 1, "command": "plan", "source", "build": {…}, "targets": [...], "summary": {…}, "findings": [...] }`.
 * Every object is rebuilt with a fixed key order, policy statements included, so equal plans render
 * byte-identically whatever order their documents were built or read in. 2-space indent, trailing newline.
 */
export function renderPlanJson(plan: AccessPlan, findings: readonly LintFinding[]): string {
  const body = {
    formatVersion: PLAN_JSON_FORMAT_VERSION,
    command: "plan",
    source: plan.source,
    build: orderBuild(plan.build),
    targets: plan.targets.map(orderTarget),
    summary: summarizeFindings(findings),
    findings: findings.map(orderFinding),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** A policy document with its statement keys in IAM's usual order. */
export function orderPolicy(doc: PolicyDocument): PolicyDocument {
  return { Version: doc.Version, Statement: doc.Statement.map(orderStatement) };
}

// --- internal ---

function orderStatement(statement: PolicyStatement): PolicyStatement {
  const ordered: Record<string, unknown> = {};
  for (const key of STATEMENT_KEYS) if (statement[key] !== undefined) ordered[key] = statement[key];
  return ordered as unknown as PolicyStatement;
}

/** The BUILD plan as JSON: the grant as a whole, and its managed parts' names only when it is split. */
function orderBuild(build: BuildPlan): Omit<BuildPlan, "grantLayout"> & { grantParts?: string[] } {
  return {
    account: build.account,
    partition: build.partition,
    principalArn: build.principalArn,
    principalKind: build.principalKind,
    ...(build.principalName === undefined ? {} : { principalName: build.principalName }),
    principalPath: build.principalPath,
    ...(build.specName === undefined ? {} : { specName: build.specName }),
    grantPolicyName: build.grantPolicyName,
    grantPolicy: orderPolicy(build.grantPolicy),
    ...(build.grantLayout.kind === "managed"
      ? { grantParts: build.grantLayout.parts.map((p) => p.policyArn) }
      : {}),
    ...(build.oidc === undefined ? {} : { oidc: orderOidc(build.oidc) }),
  };
}

function orderOidc(oidc: BuildOidcPlan): BuildOidcPlan {
  return {
    issuer: oidc.issuer,
    providerUrl: oidc.providerUrl,
    providerArn: oidc.providerArn,
    audience: oidc.audience,
    subjects: oidc.subjects,
    claims: oidc.claims,
    roleName: oidc.roleName,
    rolePath: oidc.rolePath,
    roleArn: oidc.roleArn,
    description: oidc.description,
    maxSessionDuration: oidc.maxSessionDuration,
    trustPolicy: orderPolicy(oidc.trustPolicy),
    tags: oidc.tags,
  };
}

function orderTarget(t: TargetPlan): TargetPlan {
  return {
    name: t.name,
    account: t.account,
    region: t.region,
    partition: t.partition,
    roleName: t.roleName,
    rolePath: t.rolePath,
    roleArn: t.roleArn,
    ...(t.description === undefined ? {} : { description: t.description }),
    externalIds: t.externalIds,
    maxSessionDuration: t.maxSessionDuration,
    trustPolicy: orderPolicy(t.trustPolicy),
    ...(t.permissionPolicy === undefined ? {} : { permissionPolicy: orderPolicy(t.permissionPolicy) }),
    managedPolicyArns: t.managedPolicyArns,
    tags: Object.fromEntries(Object.entries(t.tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}
