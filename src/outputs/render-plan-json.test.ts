import { describe, expect, it } from "vitest";
import { twoAccountSpec } from "../../test/unit/support/access-specs.js";
import { lintPlan } from "../core/lint/lint-plan.js";
import type { AccessPlan } from "../core/plan/access-plan.js";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import { renderPlanJson } from "./render-plan-json.js";
import { renderPlanText } from "./render-plan-text.js";

describe("renderPlanJson", () => {
  const plan = buildAccessPlan(twoAccountSpec, "crossrole.yaml");

  it("has the documented top-level shape and a trailing newline", () => {
    const text = renderPlanJson(plan, lintPlan(plan));
    expect(text.endsWith("\n")).toBe(true);
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      "formatVersion",
      "command",
      "source",
      "build",
      "targets",
      "summary",
      "findings",
    ]);
  });

  it("renders equal plans identically whatever their key order", () => {
    const shuffled = JSON.parse(JSON.stringify(plan), (_k, v: unknown) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).reverse())
        : v,
    ) as AccessPlan;
    expect(renderPlanJson(shuffled, [])).toBe(renderPlanJson(plan, []));
  });
});

describe("renderPlanText", () => {
  it("contains no ANSI escapes and ends with the lint summary", () => {
    const plan = buildAccessPlan(twoAccountSpec, "crossrole.yaml");
    const text = renderPlanText(plan, lintPlan(plan));
    expect(text).not.toContain("\u001b[");
    expect(text).toContain("Lint: 0 errors, 1 warning, 1 info");
    expect(text.indexOf("\nBUILD grant")).toBeGreaterThan(text.lastIndexOf("\nTarget "));
  });
});
