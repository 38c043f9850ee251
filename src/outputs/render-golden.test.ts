import { describe, expect, it } from "vitest";
import { cleanSpec, keylessSpec, seedSpec, twoAccountSpec } from "../../test/unit/support/access-specs.js";
import { lintPlan } from "../core/lint/lint-plan.js";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import { renderCloudFormation } from "./render-cloudformation.js";
import { renderLintJson, renderLintText } from "./render-lint.js";
import { renderPlanJson } from "./render-plan-json.js";
import { renderPlanText } from "./render-plan-text.js";
import { renderTerraform } from "./render-terraform.js";

/**
 * Golden files for every output format: test/unit/golden/<spec>/…, with a `.golden` suffix so that formatters leave
 * them byte for byte as rendered. Review a change with `git diff`; accept it with `npx vitest run -u`.
 */
const GOLDEN = "../../test/unit/golden";

describe.each([
  ["seed", seedSpec],
  ["two-accounts", twoAccountSpec],
  ["clean", cleanSpec],
  ["keyless", keylessSpec],
])("golden output: %s", (name, spec) => {
  const plan = buildAccessPlan(spec, "crossrole.yaml");
  const findings = lintPlan(plan);

  it("plan text", async () => {
    await expect(renderPlanText(plan, findings)).toMatchFileSnapshot(`${GOLDEN}/${name}/plan.txt.golden`);
  });

  it("plan json", async () => {
    await expect(renderPlanJson(plan, findings)).toMatchFileSnapshot(`${GOLDEN}/${name}/plan.json.golden`);
  });

  it("lint text and json", async () => {
    await expect(renderLintText(findings)).toMatchFileSnapshot(`${GOLDEN}/${name}/lint.txt.golden`);
    await expect(renderLintJson(findings)).toMatchFileSnapshot(`${GOLDEN}/${name}/lint.json.golden`);
  });

  it("cloudformation", async () => {
    for (const file of renderCloudFormation(plan)) {
      await expect(file.content).toMatchFileSnapshot(`${GOLDEN}/${name}/cloudformation/${file.path}.golden`);
    }
  });

  it("terraform", async () => {
    for (const file of renderTerraform(plan)) {
      await expect(file.content).toMatchFileSnapshot(`${GOLDEN}/${name}/terraform/${file.path}.golden`);
    }
  });
});
