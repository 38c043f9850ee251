import type { FieldChange, PolicyDiff } from "../../core/diff/diff-policy.js";
import { type PolicyStatement, toList } from "../../core/plan/policy-document.js";
import type { DiffView, DiffViewBuild, DiffViewTarget } from "../render-diff.js";
import { COMMENT_BUDGET, fitBlocks } from "./comment-budget.js";
import { codeFence, escapeHtml, escapeMarkdown } from "./escape-markup.js";
import { maskExternalId, maskExternalIdsIn } from "./mask-external-id.js";

/**
 * Live drift as a pull request (or merge request) comment (`crossrole diff --format markdown`): a headline, one
 * table line per target and for BUILD, then for each part that differs a `diff` block of what apply would add
 * (`+`, in the spec) and remove (`-`, live): principals, ExternalIds (masked), actions, resources, conditions,
 * session duration, tags and managed policies. Sized for GitHub's 65,536-character limit: the blocks are folded
 * in `<details>` and whole blocks are left out, with a count, rather than cut.
 */
export function renderDiffMarkdown(preview: DiffView, drift: boolean): string {
  const secrets = preview.targets.flatMap((t) => t.state.plan.externalIds);
  const parts = [
    ...preview.targets.map((t) => targetPart(t, secrets)),
    ...(preview.build === undefined ? [] : [buildPart(preview.build, secrets)]),
  ];
  const differing = parts.filter((p) => p.status !== "in sync");
  const head = [
    `## crossrole diff: ${drift ? `drift in ${differing.length} of ${parts.length} parts` : differing.length > 0 ? `${differing.length} of ${parts.length} parts could not be compared` : "no drift"}`,
    "",
    drift
      ? "Live IAM state differs from the spec. `+` is in the spec and missing live (crossrole apply adds it), `-` is live and not in the spec (apply removes it)."
      : differing.length > 0
        ? "Some parts could not be read, see below."
        : "Live IAM state matches the spec.",
    "",
  ].join("\n");
  const rows = parts.map(
    (p) =>
      `| ${escapeMarkdown(p.name)} | ${p.status === "in sync" ? "in sync" : `**${p.status}**`} | ${p.summary} |\n`,
  );
  const table = "| Part | Status | What differs |\n|---|---|---|\n";
  const fittedRows = fitBlocks(rows, COMMENT_BUDGET / 3);
  const rowsNote =
    fittedRows.omitted === 0
      ? ""
      : `\n_${fittedRows.omitted} more parts left out to fit a comment: \`crossrole diff\` lists them all._\n`;
  const top = `${head}\n${table}${fittedRows.text}${rowsNote}\n`;
  const blocks = differing.map((p) => p.details);
  const fitted = fitBlocks(blocks, Math.max(0, COMMENT_BUDGET - top.length - 200));
  const note =
    fitted.omitted === 0
      ? ""
      : `_The details of ${fitted.omitted} more parts are left out to fit a comment: \`crossrole diff\` shows them all._\n`;
  return `${top}${fitted.text}${note}`;
}

// --- internal ---

interface Part {
  name: string;
  status: string;
  summary: string;
  details: string;
}

function targetPart(t: DiffViewTarget, secrets: readonly string[]): Part {
  const plan = t.state.plan;
  const name = `target ${plan.name}`;
  const diff = t.diff;
  if (diff === undefined) {
    const why = maskExternalIdsIn(t.refusal?.message ?? "unknown error", secrets);
    return {
      name,
      status: "unreadable",
      summary: escapeMarkdown(why),
      details: details(name, "could not be read", [`! ${why}`]),
    };
  }
  const lines: string[] = [];
  if (diff.status === "create") {
    lines.push(`+ role ${plan.roleArn}`);
    lines.push(
      ...policyLines(
        "trust",
        { equal: false, changed: [], missing: plan.trustPolicy.Statement, extra: [] },
        secrets,
      ),
    );
    if (plan.permissionPolicy !== undefined)
      lines.push(
        ...policyLines(
          "permissions",
          { equal: false, changed: [], missing: plan.permissionPolicy.Statement, extra: [] },
          secrets,
        ),
      );
  } else {
    lines.push(
      ...policyLines("trust", diff.trust, secrets),
      ...policyLines("permissions", diff.permissions, secrets),
    );
    for (const id of diff.orphanedPrincipals)
      lines.push(`! trust principal ${id}: the principal it named was deleted`);
    if (diff.maxSessionDuration !== undefined)
      lines.push(
        `- MaxSessionDuration ${diff.maxSessionDuration.live}`,
        `+ MaxSessionDuration ${diff.maxSessionDuration.desired}`,
      );
    if (diff.description !== undefined)
      lines.push(`- Description ${diff.description.live ?? ""}`, `+ Description ${diff.description.desired}`);
    for (const tag of diff.tags) {
      if (tag.live !== undefined) lines.push(`- tag ${tag.key}=${tag.live}`);
      lines.push(`+ tag ${tag.key}=${tag.desired}`);
    }
  }
  for (const arn of diff.managedPolicies.attach) lines.push(`+ managed policy ${arn}`);
  for (const arn of diff.managedPolicies.detach) lines.push(`- managed policy ${arn}`);
  if (t.refusal !== undefined) lines.push(`! ${maskExternalIdsIn(t.refusal.message, secrets)}`);
  const status =
    diff.status === "in-sync"
      ? "in sync"
      : diff.status === "unmanaged"
        ? "not managed by crossrole"
        : diff.status;
  return {
    name,
    status,
    summary: summarize(lines),
    details: details(`${name} (${plan.roleArn})`, status, lines),
  };
}

function buildPart(b: DiffViewBuild, secrets: readonly string[]): Part {
  const plan = b.state.plan;
  const name = `BUILD ${plan.principalKind}`;
  const diff = b.diff;
  if (diff === undefined || diff.status === "missing-principal") {
    const why = maskExternalIdsIn(b.refusal?.message ?? "the principal does not exist", secrets);
    return {
      name,
      status: diff === undefined ? "unreadable" : "missing principal",
      summary: escapeMarkdown(why),
      details: details(name, "could not be compared", [`! ${why}`]),
    };
  }
  if (diff.status === "in-sync" || diff.status === "not-applicable")
    return { name, status: "in sync", summary: "", details: "" };
  const lines =
    diff.status === "create"
      ? policyLines(
          `grant ${plan.grantPolicyName}`,
          { equal: false, changed: [], missing: plan.grantPolicy.Statement, extra: [] },
          secrets,
        )
      : policyLines(`grant ${plan.grantPolicyName}`, diff.grant, secrets);
  if (b.createUser) lines.unshift(`+ IAM user ${plan.principalArn}`);
  return {
    name,
    status: diff.status,
    summary: summarize(lines),
    details: details(`${name} ${plan.principalArn}`, diff.status, lines),
  };
}

/** `+`/`-` lines of one policy's differences, one value per line, the policy named on each. */
function policyLines(policy: string, diff: PolicyDiff, secrets: readonly string[]): string[] {
  const lines: string[] = [];
  for (const change of diff.changed) {
    for (const field of change.fields) {
      const name = `${policy}${change.sid === undefined ? "" : ` "${change.sid}"`} ${FIELD_NAMES[field.field]}`;
      lines.push(...fieldLines(field, name, secrets));
    }
  }
  for (const s of diff.missing) lines.push(...statementLines("+", policy, s, secrets));
  for (const s of diff.extra) lines.push(...statementLines("-", policy, s, secrets));
  return lines;
}

function fieldLines(field: FieldChange, name: string, secrets: readonly string[]): string[] {
  const show = (v: string) =>
    field.field === "externalId" ? maskExternalId(v) : maskExternalIdsIn(v, secrets);
  return [
    ...field.removed.map((v) => `- ${name} ${show(v)}`),
    ...field.added.map((v) => `+ ${name} ${show(v)}`),
  ];
}

function statementLines(
  sign: "+" | "-",
  policy: string,
  s: PolicyStatement,
  secrets: readonly string[],
): string[] {
  const where = `${policy} statement${s.Sid === undefined ? "" : ` "${s.Sid}"`} (${s.Effect})`;
  const lines: string[] = [];
  if (s.Principal !== undefined) {
    const principals =
      s.Principal === "*"
        ? ["*"]
        : Object.entries(s.Principal).flatMap(([k, v]) => toList(v).map((x) => `${k}:${x}`));
    for (const p of principals) lines.push(`${sign} ${where} principal ${p}`);
  }
  for (const a of toList(s.Action)) lines.push(`${sign} ${where} action ${a}`);
  for (const a of toList(s.NotAction)) lines.push(`${sign} ${where} NotAction ${a}`);
  for (const r of toList(s.Resource)) lines.push(`${sign} ${where} resource ${r}`);
  for (const r of toList(s.NotResource)) lines.push(`${sign} ${where} NotResource ${r}`);
  for (const [op, block] of Object.entries(s.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) {
      const external = key.toLowerCase() === "sts:externalid";
      for (const v of toList(values)) {
        const value = external ? maskExternalId(String(v)) : maskExternalIdsIn(String(v), secrets);
        lines.push(`${sign} ${where} ${external ? "ExternalId" : `condition ${op} ${key}`} ${value}`);
      }
    }
  }
  return lines;
}

const FIELD_NAMES: Record<FieldChange["field"], string> = {
  effect: "Effect",
  principal: "principal",
  notPrincipal: "NotPrincipal",
  externalId: "ExternalId",
  action: "action",
  notAction: "NotAction",
  resource: "resource",
  notResource: "NotResource",
  condition: "condition",
};

/** The table cell: how many lines are added and removed. */
function summarize(lines: readonly string[]): string {
  const added = lines.filter((l) => l.startsWith("+")).length;
  const removed = lines.filter((l) => l.startsWith("-")).length;
  const problems = lines.filter((l) => l.startsWith("!")).length;
  return [
    added > 0 ? `${added} to add` : "",
    removed > 0 ? `${removed} to remove` : "",
    problems > 0 ? `${problems} problem(s)` : "",
  ]
    .filter((x) => x !== "")
    .join(", ");
}

/** A folded block with a `diff` code fence the content cannot close. */
function details(title: string, status: string, lines: readonly string[]): string {
  const body = lines.map((l) => l.replace(/[\r\n]/g, " ")).join("\n");
  const fence = codeFence(body);
  return `<details><summary>${escapeHtml(title)}: ${escapeHtml(status)}</summary>\n\n${fence}diff\n${body}\n${fence}\n\n</details>\n\n`;
}
