import { Lexer, marked, type Token, type Tokens } from "marked";
import { beforeAll, describe, expect, it } from "vitest";
import { twoAccountSpec } from "../../../test/unit/support/access-specs.js";
import { loadMermaidParser } from "../../../test/unit/support/mermaid-in-node.js";
import { externalIdsOf, fleetPlan, HOSTILE, hostilePlan } from "../../../test/unit/support/picture-plans.js";
import { lintPlan } from "../../core/lint/lint-plan.js";
import { buildAccessPlan } from "../../core/plan/build-access-plan.js";
import { accessGraph } from "./access-graph.js";
import { GITHUB_COMMENT_LIMIT } from "./comment-budget.js";
import { renderPlanMarkdown } from "./render-plan-markdown.js";
import { renderPlanMermaid } from "./render-plan-mermaid.js";

let parseMermaid: (text: string) => Promise<unknown>;
beforeAll(async () => {
  parseMermaid = await loadMermaidParser();
}, 60_000);

/** The ```mermaid blocks of a markdown text, as an independent reader (marked) finds them. */
function mermaidBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  marked.walkTokens(Lexer.lex(markdown), (t: Token) => {
    if (t.type === "code" && (t as Tokens.Code).lang === "mermaid") blocks.push((t as Tokens.Code).text);
  });
  return blocks;
}

function tables(markdown: string): Tokens.Table[] {
  return Lexer.lex(markdown).filter((t): t is Tokens.Table => t.type === "table");
}

describe("renderPlanMarkdown", () => {
  it("draws the BUILD principal, one node per role and its services, with masked ExternalIds", async () => {
    const plan = buildAccessPlan(twoAccountSpec, "crossrole.yaml");
    const md = renderPlanMarkdown(plan, lintPlan(plan));
    const [diagram] = mermaidBlocks(md);
    expect(diagram).toBeDefined();
    await expect(parseMermaid(diagram ?? "")).resolves.toBeTruthy();
    expect(diagram?.match(/^ {2}r\d+\[/gm)).toHaveLength(plan.targets.length);
    expect(diagram?.match(/:::principal$/gm)).toHaveLength(1);
    expect(md).toContain("…zXi0");
    for (const id of externalIdsOf(plan)) expect(md).not.toContain(id);
    // A table per target, with an Actions and a Resources column, and the lint findings with their fixes.
    const t = tables(md);
    expect(t.filter((x) => x.header.map((h) => h.text).join() === "Actions,Resources")).toHaveLength(
      plan.targets.length,
    );
    expect(t.some((x) => x.header.map((h) => h.text).join() === "Severity,Target,Finding,Fix")).toBe(true);
  });

  it("keeps hostile text inside its cell, label and string: no HTML, no link, no second diagram", async () => {
    const plan = hostilePlan();
    const findings = [
      {
        id: "external-id-missing" as const,
        severity: "error" as const,
        target: HOSTILE,
        message: HOSTILE,
        fix: HOSTILE,
      },
    ];
    const md = renderPlanMarkdown(plan, findings);
    const blocks = mermaidBlocks(md);
    expect(blocks).toHaveLength(1);
    await expect(parseMermaid(blocks[0] ?? "")).resolves.toBeTruthy();
    // Every node the diagram declares is one the renderer made: the hostile label added none.
    const ids = [...(blocks[0] ?? "").matchAll(/^ {2}(\w+)\[/gm)].map((m) => m[1]);
    expect(ids.every((id) => /^(p0|r\d+|r\d+s\d+)$/.test(id ?? ""))).toBe(true);
    for (const table of tables(md)) {
      for (const row of table.rows) expect(row).toHaveLength(table.header.length);
    }
    const html = await marked.parse(md, { gfm: true });
    expect(html).not.toMatch(/<script|<a |<em>|<del>|<!--/i);
    expect(Lexer.lex(md).filter((t) => t.type === "html")).toHaveLength(0);
  });

  it.each([
    ["one fleet of 1,000 accounts", "one group" as const, "groups"],
    ["1,000 single-account targets", "separate targets" as const, "none"],
  ])("fits a GitHub comment for %s, never with a cut diagram", async (_name, shape, level) => {
    const plan = fleetPlan(1000, shape);
    const md = renderPlanMarkdown(plan, lintPlan(plan));
    expect(md.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    const blocks = mermaidBlocks(md);
    if (level === "groups") {
      expect(blocks).toHaveLength(1);
      await expect(parseMermaid(blocks[0] ?? "")).resolves.toBeTruthy();
      expect(renderPlanMermaid(accessGraph(plan))?.level).toBe("groups");
      expect(md).toContain("fleet: 1000 accounts");
      expect(md).toMatch(/<details>/);
    } else {
      expect(blocks).toHaveLength(0);
      expect(md).toMatch(/too many for a readable diagram; `crossrole plan --format dot`/);
      expect(md).toMatch(/left out to fit a comment/);
    }
    for (const id of externalIdsOf(plan)) expect(md).not.toContain(id);
  });
});
