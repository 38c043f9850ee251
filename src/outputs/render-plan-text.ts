import type { LintFinding } from "../core/lint/lint-finding.js";
import type {
  AccessPlan,
  BuildPlan,
  OrganizationalUnitTarget,
  TargetPlan,
} from "../core/plan/access-plan.js";
import type { BuildOidcPlan } from "../core/plan/oidc-plan.js";
import type { PolicyDocument } from "../core/plan/policy-document.js";
import { formatSummary, renderFindingText, summarizeFindings } from "./render-lint.js";
import { orderPolicy } from "./render-plan-json.js";
import { plainStyle, type Style } from "./style.js";

/**
 * The plan for review (`crossrole plan`): per target the role ARN, trust policy, permission policy, managed
 * policies and tags; then the BUILD grant; then the lint findings. Policies are shown as IAM stores them
 * (2-space JSON). The text is the same in a terminal, a CI log and a pull request; on a terminal only the headings
 * and the lint severities are marked (a `style`; never in a file).
 */
export function renderPlanText(
  plan: AccessPlan,
  findings: readonly LintFinding[],
  style: Style = plainStyle,
  /** How many findings the spec acknowledges (lint.ignore): counted in the summary, not shown. */
  acknowledged = 0,
): string {
  const sections = [
    `crossrole plan for ${plan.source}: ${plan.targets.length} target${plan.targets.length === 1 ? "" : "s"}, BUILD account ${plan.build.account}\n`,
    renderBuildHeader(plan.build),
    ...(plan.organizationalUnitTargets ?? []).map(renderOuTarget),
    ...plan.targets.map(renderTarget),
    renderGrant(plan.build),
    renderFindings(findings, style, acknowledged),
  ];
  // Each section's first line is its heading.
  return sections.map((s) => s.replace(/^[^\n]+/, (heading) => style.strong(heading))).join("\n");
}

// --- internal ---

function renderBuildHeader(build: BuildPlan): string {
  const head = `BUILD principal ${build.principalArn} (${build.principalKind})\n`;
  return build.oidc === undefined ? head : `${head}${renderOidc(build.oidc)}`;
}

/** Keyless builds: the OIDC provider and the BUILD role crossrole creates, with the role's trust policy. */
function renderOidc(oidc: BuildOidcPlan): string {
  const claims = Object.entries(oidc.claims).map(([claim, values]) => `${claim}=${values.join("|")}`);
  return `${[
    `  keyless: OIDC tokens of ${oidc.issuer} assume this role (AssumeRoleWithWebIdentity); apply creates both`,
    `  OIDC provider:        ${oidc.providerArn} (client ID ${oidc.audience})`,
    `  max session duration: ${oidc.maxSessionDuration} s`,
    `  subjects:             ${oidc.subjects.join(", ")}`,
    ...(claims.length === 0 ? [] : [`  claims:               ${claims.join(", ")}`]),
    "  trust policy:",
    indentJson(oidc.trustPolicy),
  ].join("\n")}\n`;
}

function renderTarget(t: TargetPlan): string {
  const lines = [
    `Target ${t.name}: account ${t.account}, region ${t.region}`,
    `  role:                 ${t.roleArn}`,
    ...(t.description === undefined ? [] : [`  description:          ${t.description}`]),
    `  max session duration: ${t.maxSessionDuration} s`,
    `  external IDs:         ${t.externalIds.length === 0 ? "none" : t.externalIds.join(", ")}`,
    "  trust policy:",
    indentJson(t.trustPolicy),
    t.permissionPolicy === undefined
      ? "  permission policy:    none"
      : "  permission policy (crossrole-permissions):",
    ...(t.permissionPolicy === undefined ? [] : [indentJson(t.permissionPolicy)]),
    `  managed policies:     ${t.managedPolicyArns.length === 0 ? "none" : t.managedPolicyArns.join(", ")}`,
    `  tags:                 ${Object.entries(t.tags)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ")}`,
  ];
  return `${lines.join("\n")}\n`;
}

function renderOuTarget(t: OrganizationalUnitTarget): string {
  const accounts = t.deployedAccounts.length;
  return `${[
    `Target ${t.name}: every account of ${t.organizationalUnits.join(", ")}, region ${t.region} (service-managed StackSet, crossrole rollout)`,
    `  role:                 arn:${t.model.partition}:iam::<account>:role${t.rolePath}${t.roleName}`,
    `  external IDs:         ${t.externalIdPrefix === undefined ? "none yet (crossrole rollout generates the prefix)" : `${t.externalIdPrefix}-<account>`}`,
    `  deployed accounts:    ${accounts === 0 ? "none recorded yet (run crossrole rollout)" : `${accounts}, planned below as ${t.name}-<account>`}`,
  ].join("\n")}\n`;
}

function renderGrant(build: BuildPlan): string {
  const where =
    build.principalKind === "root"
      ? `a policy for the BUILD account to attach to the users or roles that run builds (the trust policies name the whole account)`
      : build.grantLayout.kind === "managed"
        ? `over the ${build.principalKind}'s inline-policy quota, so stored as ${build.grantLayout.parts.length} customer-managed policies (${build.grantLayout.parts.map((p) => p.policyName).join(", ")}, path /crossrole/) attached to ${build.principalKind} ${build.principalName ?? ""}; together they allow`
        : `an inline policy on ${build.principalKind} ${build.principalName ?? ""}`;
  return `BUILD grant ${build.grantPolicyName}: ${where}\n${indentJson(build.grantPolicy)}\n`;
}

function renderFindings(findings: readonly LintFinding[], style: Style, acknowledged: number): string {
  const head = `Lint: ${formatSummary(summarizeFindings(findings), acknowledged)}`;
  if (findings.length === 0) return `${head}\n`;
  const body = findings
    .map((f) => renderFindingText(f, style))
    .join("\n")
    .split("\n");
  return `${head}\n\n${body.map((l) => (l === "" ? l : `  ${l}`)).join("\n")}`;
}

function indentJson(doc: PolicyDocument): string {
  return JSON.stringify(orderPolicy(doc), null, 2)
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}
