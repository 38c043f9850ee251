import { describe, expect, it } from "vitest";
import { failedPart, type PartOutcome } from "../core/diff/part-outcome.js";
import { CrossroleError } from "../core/errors.js";
import { renderRolloutSummary } from "./render-rollout-report.js";

const done: PartOutcome = {
  part: "prod-111111111111",
  side: "target",
  status: "done",
  applied: [],
  notApplied: [],
  notes: [],
};
const failed = failedPart(
  "prod-222222222222",
  new CrossroleError("STACKSET_OPERATION_FAILED", "aws", "stack instance OUTDATED", {
    hint: "look at the stack",
  }),
);

describe("renderRolloutSummary", () => {
  it("counts every part and lists each failed one with its hint", () => {
    expect(renderRolloutSummary([done, failed])).toBe(
      "rollout: 1 changed, 0 unchanged, 1 failed, 0 not attempted\n" +
        "  FAILED prod-222222222222: stack instance OUTDATED\n    hint: look at the stack\n",
    );
  });

  it("does not repeat a failed part the progress reporter already printed (each part once)", () => {
    expect(renderRolloutSummary([done, failed], undefined, new Set(["prod-222222222222"]))).toBe(
      "rollout: 1 changed, 0 unchanged, 1 failed, 0 not attempted\n",
    );
  });
});
