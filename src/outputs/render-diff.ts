import { type BuildDiff, explainOrphanedPrincipal, type TargetDiff } from "../core/diff/diff-access.js";
import type { OidcDiff } from "../core/diff/diff-oidc.js";
import type { FieldChange, PolicyDiff } from "../core/diff/diff-policy.js";
import { describeIamCall, type IamCall } from "../core/diff/iam-call.js";
import type { LiveBuildState, OtherGrant } from "../core/diff/live-state.js";
import type { CrossroleError } from "../core/errors.js";
import type { BuildPlan, TargetPlan } from "../core/plan/access-plan.js";
import { INLINE_POLICY_AGGREGATE_LIMIT } from "../core/plan/grant-layout.js";
import { type PolicyStatement, toList } from "../core/plan/policy-document.js";
import type { DiffDocument } from "./json/diff-document.js";
import { renderJsonDocument } from "./json/render-json-document.js";
import { toProblem } from "./json/to-problem.js";
import { markDiffLine, plainStyle, type Style } from "./style.js";

/** One target of a diff view (the apply/diff workflows' preview has this shape). */
export interface DiffViewTarget {
  state: { plan: TargetPlan };
  diff?: TargetDiff;
  calls: IamCall[];
  refusal?: CrossroleError;
}

/** The BUILD side of a diff view. */
export interface DiffViewBuild {
  state: { plan: BuildPlan; live?: LiveBuildState };
  diff?: BuildDiff;
  calls: IamCall[];
  createUser: boolean;
  refusal?: CrossroleError;
  /** Keyless builds: the OIDC provider and BUILD role diff, and apply's calls for them. */
  oidcDiff?: OidcDiff;
  oidcCalls?: IamCall[];
}

/** What the diff renderers take. */
export interface DiffView {
  targets: DiffViewTarget[];
  build?: DiffViewBuild;
}

/**
 * Renders the semantic diff of `crossrole diff` and `crossrole apply` for people: per target and for BUILD, what
 * differs statement by statement (principals, ExternalId values, actions, resources, conditions), never raw JSON
 * text. `+` is what apply adds (in the spec, not live), `-` what it removes (live, not in the spec). A role to
 * create lists its permission statements (actions, resources) as an update lists the changed ones. With a
 * colour style, `+` lines are green, `-` and `!` red, `~` yellow, headings bold.
 */
export function renderDiffText(
  preview: DiffView,
  options: { showCalls?: boolean; style?: Style } = {},
): string {
  const style = options.style ?? plainStyle;
  const blocks = [
    ...preview.targets.map((t) => renderTarget(t, options.showCalls === true)),
    ...(preview.build === undefined ? [] : [renderBuild(preview.build, options.showCalls === true)]),
  ];
  return `${blocks.map((lines) => markBlock(lines, style)).join("\n")}\n`;
}

/** The diff as stable JSON (`crossrole diff --json`, formatVersion 1; schema/output/diff.schema.json). */
export function renderDiffJson(preview: DiffView, drift: boolean): string {
  const document: DiffDocument = {
    formatVersion: 1,
    command: "diff",
    drift,
    targets: preview.targets.map(diffTargetJson),
    ...(preview.build === undefined ? {} : { build: diffBuildJson(preview.build) }),
  };
  return renderJsonDocument(document);
}

/** One target of a diff as `diff --json` and `apply --json` print it. */
export function diffTargetJson(t: DiffViewTarget): DiffDocument["targets"][number] {
  return {
    target: t.state.plan.name,
    roleArn: t.state.plan.roleArn,
    status: t.diff?.status ?? "unreadable",
    ...(t.diff === undefined ? {} : { diff: t.diff }),
    ...(t.refusal === undefined ? {} : { problem: toProblem(t.refusal) }),
    applyCalls: t.calls.map(describeIamCall),
  };
}

/** The BUILD side of a diff as `diff --json` and `apply --json` print it. */
export function diffBuildJson(build: DiffViewBuild): NonNullable<DiffDocument["build"]> {
  return {
    principalArn: build.state.plan.principalArn,
    grantPolicyName: build.state.plan.grantPolicyName,
    status: build.diff?.status ?? "unreadable",
    ...(build.state.live?.otherGrants === undefined
      ? {}
      : {
          otherGrants: build.state.live.otherGrants.map((g) => ({
            spec: g.specName ?? null,
            policies: g.policies,
            roles: g.roles,
            ...(g.legacyLeft ? { leftInPlace: true } : {}),
          })),
        }),
    ...(build.diff === undefined ? {} : { grant: build.diff.grant }),
    ...(build.refusal === undefined ? {} : { problem: toProblem(build.refusal) }),
    applyCalls: build.calls.map(describeIamCall),
  };
}

/** One line per change kind for a policy diff, indented; empty when equal. */
export function renderPolicyDiff(diff: PolicyDiff, indent: string): string[] {
  const lines: string[] = [];
  for (const change of diff.changed) {
    lines.push(`${indent}~ statement${change.sid === undefined ? "" : ` "${change.sid}"`}:`);
    for (const field of change.fields) lines.push(...renderField(field, `${indent}    `));
  }
  for (const s of diff.missing)
    lines.push(`${indent}+ statement (in the spec, missing live): ${summarize(s)}`);
  for (const s of diff.extra) lines.push(`${indent}- statement (live, not in the spec): ${summarize(s)}`);
  return lines;
}

// --- internal ---

const FIELD_NAMES: Record<FieldChange["field"], string> = {
  effect: "Effect",
  principal: "Principal",
  notPrincipal: "NotPrincipal",
  externalId: "sts:ExternalId (StringEquals)",
  action: "Action",
  notAction: "NotAction",
  resource: "Resource",
  notResource: "NotResource",
  condition: "Condition",
};

function renderField(field: FieldChange, indent: string): string[] {
  const name = FIELD_NAMES[field.field];
  const lines = [
    ...field.added.map(
      (v) =>
        `${indent}+ ${name}: ${v}${field.field === "externalId" ? "  (required by the spec, missing live)" : ""}`,
    ),
    ...field.removed.map(
      (v) =>
        `${indent}- ${name}: ${v}${field.field === "externalId" ? "  (accepted live, not in the spec)" : ""}`,
    ),
  ];
  if (
    field.field === "externalId" &&
    field.added.length > 0 &&
    field.removed.length === 0 &&
    field.added.length > 0
  ) {
    lines.push(
      `${indent}  (the live trust policy does not require this ExternalId: anyone the principal admits may assume the role without it)`,
    );
  }
  return lines;
}

function summarize(s: PolicyStatement): string {
  const parts: string[] = [s.Effect];
  if (s.Principal !== undefined) {
    parts.push(
      `principal ${
        s.Principal === "*"
          ? "*"
          : Object.entries(s.Principal)
              .flatMap(([k, v]) => toList(v).map((x) => `${k}:${x}`))
              .join(", ")
      }`,
    );
  }
  if (s.NotPrincipal !== undefined) parts.push("NotPrincipal …");
  if (s.Action !== undefined) parts.push(`action ${toList(s.Action).join(", ")}`);
  if (s.NotAction !== undefined) parts.push(`NotAction ${toList(s.NotAction).join(", ")}`);
  if (s.Resource !== undefined) parts.push(`resource ${toList(s.Resource).join(", ")}`);
  if (s.Condition !== undefined) {
    const conditions = Object.entries(s.Condition).flatMap(([op, block]) =>
      Object.entries(block).map(([k, v]) => `${op} ${k}=${toList(v).join("|")}`),
    );
    parts.push(`condition ${conditions.join("; ")}`);
  }
  return `${s.Sid === undefined ? "" : `"${s.Sid}" `}${parts.join("; ")}`;
}

function renderTarget(t: DiffViewTarget, showCalls: boolean): string[] {
  const plan = t.state.plan;
  const head = `target ${plan.name}: ${plan.roleArn}`;
  const lines = [head];
  const diff = t.diff;
  if (diff === undefined) {
    lines.push(`  ! could not be read: ${t.refusal?.message ?? "unknown error"}`);
    if (t.refusal?.hint !== undefined) lines.push(`    next: ${t.refusal.hint}`);
    return lines;
  }
  lines.push(`  ${statusLine(diff)}`);
  if (diff.status === "create") {
    lines.push(
      `    + role ${plan.roleArn} (MaxSessionDuration ${plan.maxSessionDuration}, ${Object.keys(plan.tags).length} tag(s))`,
      `    + trust: ${plan.trustPolicy.Statement.map(summarize).join(" | ")}`,
    );
    if (plan.permissionPolicy !== undefined) {
      lines.push(
        `    + inline policy crossrole-permissions (${plan.permissionPolicy.Statement.length} statement(s)):`,
        ...plan.permissionPolicy.Statement.map((s) => `        + statement: ${summarize(s)}`),
      );
    }
    for (const arn of diff.managedPolicies.attach) lines.push(`    + attach managed policy ${arn}`);
  } else {
    lines.push(...renderRoleChanges(diff, trustedPrincipal(plan)));
  }
  if (t.refusal !== undefined)
    lines.push(`  ! ${t.refusal.message}`, ...(t.refusal.hint ? [`    next: ${t.refusal.hint}`] : []));
  if (showCalls && t.calls.length > 0 && t.refusal === undefined) lines.push(...renderCalls(t.calls));
  return lines;
}

function trustedPrincipal(plan: TargetPlan): string {
  const principal = plan.trustPolicy.Statement[0]?.Principal;
  if (principal === undefined || principal === "*") return "the BUILD principal";
  return toList(principal.AWS)[0] ?? "the BUILD principal";
}

function renderRoleChanges(diff: TargetDiff, principalArn: string): string[] {
  const lines: string[] = [];
  if (!diff.trust.equal) lines.push("    ~ trust policy:", ...renderPolicyDiff(diff.trust, "        "));
  for (const id of diff.orphanedPrincipals) {
    lines.push(`    ! ${explainOrphanedPrincipal(id, principalArn)}`);
  }
  if (diff.maxSessionDuration !== undefined) {
    lines.push(
      `    ~ MaxSessionDuration: ${diff.maxSessionDuration.live} -> ${diff.maxSessionDuration.desired}`,
    );
  }
  if (diff.description !== undefined) {
    lines.push(
      `    ~ Description: ${JSON.stringify(diff.description.live ?? "")} -> ${JSON.stringify(diff.description.desired)}`,
    );
  }
  for (const tag of diff.tags) {
    lines.push(
      `    ~ tag ${tag.key}: ${tag.live === undefined ? "(none)" : JSON.stringify(tag.live)} -> ${JSON.stringify(tag.desired)}`,
    );
  }
  if (!diff.permissions.equal) {
    lines.push(
      "    ~ inline policy crossrole-permissions:",
      ...renderPolicyDiff(diff.permissions, "        "),
    );
  }
  for (const arn of diff.managedPolicies.attach) lines.push(`    + attach managed policy ${arn}`);
  for (const arn of diff.managedPolicies.detach)
    lines.push(`    - detach managed policy ${arn} (attached, not in the spec)`);
  if (diff.foreignInlinePolicies.length > 0) {
    lines.push(
      `    note: inline policies crossrole does not manage (left alone): ${diff.foreignInlinePolicies.join(", ")}`,
    );
  }
  return lines;
}

function statusLine(diff: TargetDiff): string {
  switch (diff.status) {
    case "create":
      return "+ role does not exist: will be created";
    case "update":
      return "~ differs from the spec:";
    case "in-sync":
      return "= in sync";
    case "unmanaged":
      return "! exists, NOT managed by crossrole (no tag managed-by=crossrole); differences from the spec:";
  }
}

function renderBuild(b: DiffViewBuild, showCalls: boolean): string[] {
  const plan = b.state.plan;
  const lines = [`BUILD ${plan.principalKind} ${plan.principalArn} (account ${plan.account})`];
  const diff: BuildDiff | undefined = b.diff;
  if (diff === undefined) {
    lines.push(`  ! could not be read: ${b.refusal?.message ?? "unknown error"}`);
    if (b.refusal?.hint !== undefined) lines.push(`    next: ${b.refusal.hint}`);
    return lines;
  }
  if (b.createUser)
    lines.push("  + IAM user does not exist: will be created, with one access key (--create-build-user)");
  switch (diff.status) {
    case "not-applicable":
      lines.push("  = the account root: the BUILD account's admins grant sts:AssumeRole themselves");
      break;
    case "missing-principal":
      lines.push(`  ! ${b.refusal?.message ?? "the principal does not exist"}`);
      if (b.refusal?.hint !== undefined) lines.push(`    next: ${b.refusal.hint}`);
      break;
    case "in-sync":
      lines.push(`  = grant ${plan.grantPolicyName} in sync`);
      break;
    case "create":
      lines.push(
        `  + grant ${plan.grantPolicyName}: ${plan.grantPolicy.Statement.map(summarize).join(" | ")}`,
      );
      break;
    case "update":
      lines.push(`  ~ grant ${plan.grantPolicyName}:`, ...renderPolicyDiff(diff.grant, "      "));
      if (plan.specName === undefined)
        lines.push(
          "    (this spec has no name:, so it owns crossrole-assume-targets; if another spec uses this principal, give each spec its own name: so each owns only its part)",
        );
      break;
  }
  lines.push(...renderSharedPrincipal(plan, b.state.live));
  lines.push(...renderOidcDrift(b));
  if (showCalls && b.calls.length > 0 && b.refusal === undefined) lines.push(...renderCalls(b.calls));
  return lines;
}

/** Keyless builds: the OIDC provider and the BUILD role (the calls apply makes for them, or in sync). */
function renderOidcDrift(b: DiffViewBuild): string[] {
  const diff = b.oidcDiff;
  if (diff === undefined) return [];
  const others =
    diff.otherClientIds.length === 0
      ? []
      : [`    (other client IDs, left as they are: ${diff.otherClientIds.join(", ")})`];
  const calls = b.oidcCalls ?? [];
  if (calls.length === 0 && diff.providerStatus !== "unmanaged" && diff.role.status !== "unmanaged")
    return [`  = keyless: OIDC provider ${diff.providerArn} and the BUILD role in sync`, ...others];
  const lines = [`  ~ keyless: OIDC provider ${diff.providerStatus}, BUILD role ${diff.role.status}`];
  if (!diff.role.trust.equal)
    lines.push("    BUILD role trust policy:", ...renderPolicyDiff(diff.role.trust, "      "));
  if (calls.length > 0) lines.push(`    apply: ${calls.map(describeIamCall).join(", ")}`);
  return [...lines, ...others];
}

/** What else is on a shared BUILD principal: other specs' parts, an unnamed grant taken over or left, the quota. */
function renderSharedPrincipal(plan: BuildPlan, live: LiveBuildState | undefined): string[] {
  if (live === undefined) return [];
  const who = plan.principalName ?? plan.principalArn;
  const lines: string[] = [];
  const adopted = live.grantStorage?.adopted;
  if (adopted !== undefined) {
    lines.push(
      `  ~ takes over the unnamed grant ${[...(adopted.inline === undefined ? [] : [adopted.inlineName]), ...adopted.managed.map((m) => m.policyArn)].join(", ")} (it grants exactly this spec's roles): removed once ${plan.grantPolicyName} is written`,
    );
  }
  for (const g of live.otherGrants ?? []) lines.push(`  also on ${who}: ${describeOtherGrant(g)}`);
  for (const g of (live.otherGrants ?? []).filter((x) => x.legacyLeft)) {
    lines.push(
      `  ! the unnamed grant ${g.policies.join(", ")} grants roles this spec does not name, so it is another spec's (or left over): crossrole leaves it in place. Give that spec a name: and apply it, or remove the policy yourself if nothing uses it.`,
    );
  }
  if ((live.otherInlineSize ?? 0) > 0 && plan.principalKind !== "root") {
    const limit = INLINE_POLICY_AGGREGATE_LIMIT[plan.principalKind === "role" ? "role" : "user"];
    lines.push(
      `  inline policies of others on ${who}: ${live.otherInlineSize} of the ${plan.principalKind}'s ${limit} characters (the quota counts every inline policy on it)`,
    );
  }
  return lines;
}

function describeOtherGrant(g: OtherGrant): string {
  const owner = g.specName === undefined ? "an unnamed spec" : `spec '${g.specName}'`;
  const roles = `${g.roles.length} role${g.roles.length === 1 ? "" : "s"}`;
  return `crossrole grant of ${owner} (${roles}; ${g.policies.join(", ")})`;
}

/** A block's lines marked by their diff marker, its first line (the heading) bold. */
function markBlock(lines: readonly string[], style: Style): string {
  return lines.map((line, i) => (i === 0 ? style.strong(line) : markDiffLine(line, style))).join("\n");
}

function renderCalls(calls: readonly IamCall[]): string[] {
  return [`  IAM calls: ${calls.map(describeIamCall).join(", ")}`];
}
