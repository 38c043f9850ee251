// Renders the README's pictures (docs/plan-diagram.png, docs/verify-report.png) with headless Chromium, from the
// unit tests' two-account spec and failing verify report: `npx tsx scripts/readme-pictures.ts`. No network: mermaid
// is copied from node_modules next to the page.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildAccessPlan } from "../src/core/plan/build-access-plan.js";
import { accessGraph } from "../src/outputs/pictures/access-graph.js";
import { renderPlanMermaid } from "../src/outputs/pictures/render-plan-mermaid.js";
import { embedJson, renderVerifyHtml } from "../src/outputs/pictures/render-verify-html.js";
import { twoAccountSpec } from "../test/unit/support/access-specs.js";
import { failingReport } from "../test/unit/support/picture-plans.js";

const docs = resolve(import.meta.dirname, "../docs");
const dir = mkdtempSync(join(tmpdir(), "crossrole-readme-"));
copyFileSync(
  createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js"),
  join(dir, "mermaid.min.js"),
);

const diagram = renderPlanMermaid(accessGraph(buildAccessPlan(twoAccountSpec, "crossrole.yaml")))?.text ?? "";
writeFileSync(
  join(dir, "plan.html"),
  `<!doctype html><html><head><meta charset="utf-8"><script src="mermaid.min.js"></script></head><body style="margin:8px">
<style>#out svg{width:100%;max-width:none!important;height:auto}</style><script type="application/json" id="src">${embedJson(diagram)}</script><div id="out"></div>
<script>mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
mermaid.render("g", JSON.parse(document.getElementById("src").textContent)).then((r) => { document.getElementById("out").innerHTML = r.svg; });</script>
</body></html>`,
);
writeFileSync(join(dir, "report.html"), renderVerifyHtml(failingReport()));

for (const [page, png, size] of [
  ["plan.html", "plan-diagram.png", "1000,1040"],
  ["report.html", "verify-report.png", "1100,760"],
] as const) {
  execFileSync("chromium", [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--hide-scrollbars",
    `--user-data-dir=${join(dir, "profile")}`,
    "--virtual-time-budget=20000",
    `--window-size=${size}`,
    `--screenshot=${join(docs, png)}`,
    `file://${join(dir, page)}`,
  ]);
  console.log(`wrote docs/${png}`);
}
rmSync(dir, { recursive: true, force: true });
