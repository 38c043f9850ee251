import type { LintFinding } from "../../core/lint/lint-finding.js";
import type { AccessPlan } from "../../core/plan/access-plan.js";
import { toList } from "../../core/plan/policy-document.js";
import { formatSummary, summarizeFindings } from "../render-lint.js";
import { type AccessGraph, type AccessGroup, accessGraph, type RoleAccess } from "./access-graph.js";
import { COMMENT_BUDGET, fitBlocks } from "./comment-budget.js";
import { escapeHtml, escapeMarkdown } from "./escape-markup.js";
import { maskExternalId, maskExternalIdsIn } from "./mask-external-id.js";
import { renderPlanMermaid } from "./render-plan-mermaid.js";

/**
 * The plan as a pull request (or merge request) comment (`crossrole plan --format markdown`): a headline, a
 * Mermaid flowchart of who can become what, a table per target (actions, resources), and the lint findings with
 * their fixes. Sized for GitHub's 65,536-character limit: a plan too large for one table per target shows one
 * line per target group with the tables collapsed in `<details>`, and leaves out whole blocks (saying how many)
 * rather than cutting one; the diagram is drawn whole or per group, never cut. ExternalIds are masked
 * everywhere; every user-controlled value is escaped for markdown, HTML and Mermaid.
 */
export function renderPlanMarkdown(plan: AccessPlan, findings: readonly LintFinding[]): string {
  const graph = accessGraph(plan);
  const secrets = plan.targets.flatMap((t) => t.externalIds);
  const accounts = new Set(plan.targets.map((t) => t.account)).size;
  const head = [
    `## crossrole plan: ${escapeMarkdown(plan.source)}`,
    "",
    `${count(plan.targets.length, "target role")} in ${count(accounts, "account")}, assumed by the BUILD principal ${escapeMarkdown(plan.build.principalArn)}. Lint: ${formatSummary(summarizeFindings(findings))}.`,
    "",
    "",
  ].join("\n");
  const diagram = renderPlanMermaid(graph);
  const picture =
    diagram === undefined
      ? `_${count(graph.groups.length, "target group")}: too many for a readable diagram; \`crossrole plan --format dot\` draws them all._\n\n`
      : `${diagram.level === "groups" ? "_One node per target group (a multi-account target's accounts share one node)._\n\n" : ""}\`\`\`mermaid\n${diagram.text}\`\`\`\n\n`;
  const lint = renderFindings(findings, secrets);
  const room = COMMENT_BUDGET - head.length - picture.length - lint.head.length - 400;
  // Findings first (up to 30% of the room): an error matters more than one more target's table.
  const lintBody = fitBlocks(lint.blocks, Math.max(0, Math.floor(room * 0.3)));
  const targets = renderTargets(graph, Math.max(0, room - lintBody.text.length));
  const lintOmitted =
    lintBody.omitted === 0
      ? ""
      : `\n_${count(lintBody.omitted, "more finding")} left out to fit a comment: \`crossrole lint\` lists them all._\n`;
  const lintTable = lintBody.text === "" ? "" : `${lint.table}${lintBody.text}\n`;
  return `${head}${picture}${targets}${lint.head}${lintTable}${lintOmitted}`;
}

// --- internal ---

/** Detailed tables while they fit; otherwise one line per target group and the tables folded in `<details>`. */
function renderTargets(graph: AccessGraph, budget: number): string {
  const detailed = graph.roles.map(renderRoleTable);
  const all = `### Targets\n\n${detailed.join("")}`;
  if (graph.roles.length <= 40 && all.length <= budget) return all;
  const lines = fitBlocks(
    graph.groups.map((g) => `${groupLine(g)}\n`),
    Math.max(0, budget - 400),
  );
  const summary = [
    `### Targets: ${count(graph.roles.length, "role")} in ${count(graph.groups.length, "target group")}`,
    "",
    "| Target group | Accounts | Role | Services | ExternalIds |",
    `|---|---|---|---|---|\n${lines.text}`,
    lines.omitted === 0
      ? ""
      : `_${count(lines.omitted, "more target group")} left out to fit a comment: \`crossrole plan\` lists every target._\n`,
    "",
  ].join("\n");
  const blocks = graph.groups.map(renderGroupDetails);
  const fitted = fitBlocks(blocks, Math.max(0, budget - summary.length - 200));
  const omitted =
    fitted.omitted === 0
      ? ""
      : `_The tables of ${count(fitted.omitted, "more target group")} are left out to fit a comment: \`crossrole plan\` shows every target._\n\n`;
  return `${summary}${fitted.text}${omitted}`;
}

function groupLine(group: AccessGroup): string {
  const first = group.roles[0];
  const roles = [...new Set(group.roles.map((r) => `${r.target.rolePath}${r.target.roleName}`))];
  const services = [...new Set(group.roles.flatMap((r) => [...r.services.keys()]))].sort();
  const ids = group.roles.flatMap((r) => r.target.externalIds);
  const idCell =
    ids.length === 0
      ? "**none**"
      : group.roles.length === 1
        ? ids.map(maskExternalId).join(", ")
        : `${ids.length}, masked`;
  return `| ${escapeMarkdown(group.name)} | ${group.roles.length === 1 ? escapeMarkdown(first?.target.account ?? "") : group.roles.length} | ${escapeMarkdown(roles.join(", "))} | ${escapeMarkdown(services.join(", ") || "none")} | ${escapeMarkdown(idCell)} |`;
}

function renderGroupDetails(group: AccessGroup): string {
  const accounts = group.roles.map((r) => r.target.account).join(", ");
  return [
    "<details>",
    `<summary>${escapeHtml(group.name)}: ${count(group.roles.length, "account")}</summary>`,
    "",
    group.roles.length > 1 ? `Accounts: ${escapeMarkdown(accounts)}\n` : "",
    ...group.roles.slice(0, 1).map(renderRoleTable),
    group.roles.length > 1
      ? "_Every account's role has these permissions, with its own account in the resources._\n"
      : "",
    "</details>",
    "",
    "",
  ].join("\n");
}

function renderRoleTable(role: RoleAccess): string {
  const t = role.target;
  const ids =
    t.externalIds.length === 0
      ? "**none**"
      : t.externalIds.map((id) => `\`${maskExternalId(id)}\``).join(", ");
  const rows = (t.permissionPolicy?.Statement ?? []).map(
    (s) =>
      `| ${s.Effect === "Allow" ? "" : `${escapeMarkdown(s.Effect)}: `}${escapeMarkdown(toList(s.Action ?? s.NotAction).join(", "))} | ${escapeMarkdown(toList(s.Resource ?? s.NotResource).join(", "))} |`,
  );
  for (const arn of t.managedPolicyArns) rows.push(`| managed policy | ${escapeMarkdown(arn)} |`);
  if (rows.length === 0) rows.push("| _none_ | |");
  return [
    `#### ${escapeMarkdown(t.name)}`,
    "",
    `Account ${escapeMarkdown(t.account)}, role ${escapeMarkdown(t.roleArn)}, ExternalId ${ids}, sessions up to ${t.maxSessionDuration} s.`,
    "",
    "| Actions | Resources |",
    "|---|---|",
    ...rows,
    "",
    "",
  ].join("\n");
}

function renderFindings(
  findings: readonly LintFinding[],
  secrets: readonly string[],
): { head: string; table: string; blocks: string[] } {
  const head = `### Lint: ${formatSummary(summarizeFindings(findings))}\n\n`;
  const table = "| Severity | Target | Finding | Fix |\n|---|---|---|---|\n";
  const blocks = findings.map(
    (f) =>
      `| ${f.severity === "error" ? "**error**" : f.severity} | ${escapeMarkdown(f.target ?? "BUILD")} | ${escapeMarkdown(maskExternalIdsIn(f.message, secrets))} (${escapeMarkdown(f.id)}) | ${escapeMarkdown(maskExternalIdsIn(f.fix, secrets))} |\n`,
  );
  return { head, table, blocks };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
