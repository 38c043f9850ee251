import type { PartOutcome } from "../../core/diff/part-outcome.js";
import { type DiffView, diffBuildJson, diffTargetJson } from "../render-diff.js";
import type { ApplyDocument } from "./apply-document.js";
import { outcomeJson, outcomesSummaryJson } from "./outcomes-json.js";
import { renderJsonDocument } from "./render-json-document.js";

/** What `apply --json` reads (the apply workflow's result has this shape). */
export interface ApplyRunView {
  preview: DiffView & { totalCalls: number };
  executed: boolean;
  outcomes: readonly PartOutcome[];
  writeCalls: number;
}

/**
 * `crossrole apply --json` (schema/output/apply.schema.json): the diff as `diff --json` prints it, then each
 * part's outcome. A created BUILD key is named by its ID and the file it went to, never its secret.
 */
export function renderApplyJson(
  run: ApplyRunView,
  options: { dryRun: boolean; accessKey?: ApplyDocument["accessKey"] },
): string {
  const document: ApplyDocument = {
    formatVersion: 1,
    command: "apply",
    dryRun: options.dryRun,
    executed: run.executed,
    plannedCalls: run.preview.totalCalls,
    writeCalls: run.writeCalls,
    targets: run.preview.targets.map(diffTargetJson),
    ...(run.preview.build === undefined ? {} : { build: diffBuildJson(run.preview.build) }),
    outcomes: run.outcomes.map(outcomeJson),
    summary: outcomesSummaryJson(run.outcomes),
    ...(options.accessKey === undefined ? {} : { accessKey: options.accessKey }),
  };
  return renderJsonDocument(document);
}
