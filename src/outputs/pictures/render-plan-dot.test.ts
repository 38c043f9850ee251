import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { optionalTool } from "../../../test/support/optional-tool.js";
import { externalIdsOf, fleetPlan, hostilePlan } from "../../../test/unit/support/picture-plans.js";
import { accessGraph } from "./access-graph.js";
import { renderPlanDot } from "./render-plan-dot.js";

const hasDot = optionalTool("dot", "Graphviz checks of plan --format dot", {
  args: ["-V"],
  ciInstalls: true,
  install: "apt-get install graphviz",
});

describe.runIf(hasDot)("renderPlanDot, read by Graphviz (dot -Tsvg)", () => {
  it.each([
    ["hostile names", hostilePlan, 2 + 1],
    ["a fleet of 1,000 accounts", () => fleetPlan(1000, "one group"), 2 * 1000 + 1],
  ])(
    "%s: dot accepts it and draws every node",
    (_name, make, nodes) => {
      const plan = make();
      const text = renderPlanDot(accessGraph(plan));
      for (const id of externalIdsOf(plan)) expect(text).not.toContain(id);
      const run = spawnSync("dot", ["-Tsvg"], {
        input: text,
        encoding: "utf8",
        timeout: 120_000,
        maxBuffer: 1 << 28,
      });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const drawn = run.stdout.match(/<g id="node\d+" class="node">/g) ?? [];
      expect(drawn.length).toBe(nodes === 3 ? 1 + 2 * plan.targets.length : nodes);
    },
    180_000,
  );
});
