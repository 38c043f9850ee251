import { describeIamCall } from "../../core/diff/iam-call.js";
import type { PartOutcome } from "../../core/diff/part-outcome.js";
import type { DestroyView } from "../render-destroy-preview.js";
import type { DestroyDocument } from "./destroy-document.js";
import { outcomeJson, outcomesSummaryJson } from "./outcomes-json.js";
import { renderJsonDocument } from "./render-json-document.js";
import { toProblem } from "./to-problem.js";

/** What `destroy --json` reads (the destroy workflow's result has this shape). */
export interface DestroyRunView {
  preview: DestroyView & { totalCalls: number };
  executed: boolean;
  outcomes: readonly PartOutcome[];
  writeCalls: number;
}

/** `crossrole destroy --json` (schema/output/destroy.schema.json): the deletions planned, then each part's outcome. */
export function renderDestroyJson(run: DestroyRunView, options: { dryRun: boolean }): string {
  const build = run.preview.build;
  const document: DestroyDocument = {
    formatVersion: 1,
    command: "destroy",
    dryRun: options.dryRun,
    executed: run.executed,
    plannedCalls: run.preview.totalCalls,
    writeCalls: run.writeCalls,
    targets: run.preview.targets.map((t) => ({
      target: t.state.plan.name,
      roleArn: t.state.plan.roleArn,
      ...(t.state.error === undefined ? { roleExists: t.state.live?.role !== undefined } : {}),
      calls: (t.plan?.calls ?? []).map(describeIamCall),
      kept: t.plan?.kept ?? [],
      ...(t.state.error === undefined ? {} : { problem: toProblem(t.state.error) }),
    })),
    ...(build === undefined
      ? {}
      : {
          build: {
            principalArn: build.state.plan.principalArn,
            calls: build.calls.map(describeIamCall),
            ...(build.state.error === undefined ? {} : { problem: toProblem(build.state.error) }),
          },
        }),
    outcomes: run.outcomes.map(outcomeJson),
    summary: outcomesSummaryJson(run.outcomes),
  };
  return renderJsonDocument(document);
}
