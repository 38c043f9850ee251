// The pictures as a person sees them (issue 21): headless Chromium opens the verify HTML report and a local page
// that renders the plan's Mermaid diagram with the mermaid package (copied next to the page: no network). Each
// page is screenshotted into a temp dir, must log nothing to the console, and is read back from its DOM: one node
// per principal and role in the diagram, the report's failing cells where its embedded evidence says.
import { copyFile, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lintPlan } from "../../src/core/lint/lint-plan.js";
import { buildAccessPlan } from "../../src/core/plan/build-access-plan.js";
import type { VerifyReport } from "../../src/core/verify/verify-report.js";
import { accessGraph } from "../../src/outputs/pictures/access-graph.js";
import { renderPlanMermaid } from "../../src/outputs/pictures/render-plan-mermaid.js";
import { embedJson, renderVerifyHtml } from "../../src/outputs/pictures/render-verify-html.js";
import { optionalTool } from "../support/optional-tool.js";
import { runProcess } from "../support/run-process.js";
import { twoAccountSpec } from "../unit/support/access-specs.js";
import { failingReport, hostilePlan } from "../unit/support/picture-plans.js";

const chromium = process.env.CROSSROLE_CHROMIUM ?? "chromium";
const hasChromium = optionalTool(chromium, "Browser checks of the HTML report and the Mermaid diagram", {
  ciInstalls: true,
  install: "apt-get install chromium",
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-pictures-"));
  const mermaid = createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js");
  await copyFile(mermaid, join(dir, "mermaid.min.js"));
  console.info(`pictures-browser: screenshots in ${dir}`);
});
afterAll(async () => {
  if (process.env.CROSSROLE_KEEP_SCREENSHOTS === undefined) await rm(dir, { recursive: true, force: true });
});

/**
 * Chromium, headless, offline for anything but file://, with console messages on stderr: one launch prints the
 * DOM after the page's scripts ran and takes the screenshot.
 */
async function browse(page: string, screenshot: string): Promise<{ out: string; console: string[] }> {
  const args = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-extensions",
    "--disable-background-networking",
    "--proxy-server=127.0.0.1:9",
    "--enable-logging=stderr",
    "--v=0",
    `--user-data-dir=${join(dir, "profile")}`,
    "--virtual-time-budget=20000",
    "--window-size=1280,900",
    "--dump-dom",
    `--screenshot=${screenshot}`,
    `file://${page}`,
  ];
  const run = await runProcess(chromium, args, {
    env: { PATH: process.env.PATH ?? "", HOME: dir },
    timeoutMs: 90_000,
  });
  expect(run.code, run.stderr).toBe(0);
  return { out: run.stdout, console: run.stderr.split("\n").filter((l) => l.includes(":CONSOLE")) };
}

/** A page that renders `text` with mermaid (strict security) into #out, and says `data-done` ok or error. */
async function mermaidPage(name: string, text: string): Promise<string> {
  const page = join(dir, `${name}.html`);
  await writeFile(
    page,
    `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title><script src="mermaid.min.js"></script></head><body>
<script type="application/json" id="src">${embedJson(text)}</script>
<div id="out"></div>
<script>
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
mermaid.render("g", JSON.parse(document.getElementById("src").textContent)).then(
  (r) => { document.getElementById("out").innerHTML = r.svg; document.body.dataset.done = "ok"; },
  (e) => { document.body.dataset.done = "error"; console.error("render failed: " + e); });
</script></body></html>
`,
  );
  return page;
}

function nodeClasses(dom: string): string[] {
  return [...dom.matchAll(/<g class="node ([^"]*)"/g)].map((m) => m[1] ?? "");
}

describe.runIf(hasChromium)("pictures in headless Chromium", () => {
  it.each([
    ["plan", () => buildAccessPlan(twoAccountSpec, "crossrole.yaml")],
    ["hostile", hostilePlan],
  ])(
    "the %s diagram renders with one node per principal and role, no console message",
    async (name, make) => {
      const plan = make();
      lintPlan(plan);
      const diagram = renderPlanMermaid(accessGraph(plan));
      const page = await mermaidPage(name, diagram?.text ?? "");
      const png = join(dir, `${name}.png`);
      const { out, console: messages } = await browse(page, png);
      expect(messages).toEqual([]);
      expect(out).toContain('data-done="ok"');
      const classes = nodeClasses(out);
      expect(classes.filter((c) => c.split(" ").includes("principal"))).toHaveLength(1);
      expect(classes.filter((c) => c.split(" ").includes("role"))).toHaveLength(plan.targets.length);
      // Hostile labels are text: no element came out of them.
      expect(out).not.toMatch(/<script>alert|<a href="https:\/\/evil/);
      expect((await stat(png)).size).toBeGreaterThan(1000);
    },
    200_000,
  );

  it("the verify report shows the failing cells where its evidence says, with no console message", async () => {
    const report = failingReport('</script><script>console.error("escaped")</script>');
    const page = join(dir, "report.html");
    await writeFile(page, renderVerifyHtml(report));
    const png = join(dir, "report.png");
    const { out, console: messages } = await browse(page, png);
    expect(messages).toEqual([]);
    const evidence = JSON.parse(
      /<script type="application\/json" id="evidence">([\s\S]*?)<\/script>/.exec(out)?.[1] ?? "null",
    ) as VerifyReport;
    const cells = [
      ...out.matchAll(
        /<td class="(\w+)" data-part="([^"]*)" data-check="([^"]*)" data-status="(\w+)"><span class="label">([^<]+)</g,
      ),
    ].map((m) => ({ cls: m[1], part: m[2], check: m[3], status: m[4], label: m[5] }));
    const failing = evidence.targets.flatMap((t) =>
      t.checks
        .filter((c) => c.status === "fail")
        .map((c) => ({ part: t.name, check: c.id.startsWith("lint:") ? "live-lint" : c.id })),
    );
    expect(failing.length).toBeGreaterThan(0);
    for (const f of failing) {
      const cell = cells.find((c) => c.part === f.part && c.check === f.check);
      expect(cell?.cls).toBe("fail");
      expect(["FAIL", "CRITICAL"]).toContain(cell?.label);
    }
    expect(cells.filter((c) => c.cls === "fail")).toHaveLength(failing.length);
    expect((await stat(png)).size).toBeGreaterThan(1000);
  }, 200_000);
});
