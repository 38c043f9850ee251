import type { z } from "zod";
import { describeIamCall } from "../../core/diff/iam-call.js";
import type { PartOutcome } from "../../core/diff/part-outcome.js";
import type { outcomeSummarySchema, partOutcomeSchema } from "./document-parts.js";
import { toProblem } from "./to-problem.js";

/** One part's outcome as documents carry it: the IAM calls described as the text report describes them. */
export function outcomeJson(o: PartOutcome): z.infer<typeof partOutcomeSchema> {
  return {
    part: o.part,
    side: o.side,
    status: o.status,
    applied: o.applied.map(describeIamCall),
    notApplied: o.notApplied.map(describeIamCall),
    ...(o.error === undefined ? {} : { error: toProblem(o.error) }),
    notes: o.notes,
  };
}

/** Parts per status. */
export function outcomesSummaryJson(outcomes: readonly PartOutcome[]): z.infer<typeof outcomeSummarySchema> {
  const count = (s: PartOutcome["status"]) => outcomes.filter((o) => o.status === s).length;
  return {
    done: count("done"),
    unchanged: count("unchanged"),
    failed: count("failed"),
    refused: count("refused"),
    notAttempted: count("not-attempted"),
  };
}
