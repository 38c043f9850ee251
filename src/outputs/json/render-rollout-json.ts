import type { PartOutcome } from "../../core/diff/part-outcome.js";
import type { RolloutPreviewView } from "../render-rollout-report.js";
import { outcomeJson, outcomesSummaryJson } from "./outcomes-json.js";
import { renderJsonDocument } from "./render-json-document.js";
import type { RolloutDocument } from "./rollout-document.js";

/** What `rollout --json` reads (the rollout workflow's result has this shape). */
export interface RolloutRunView {
  preview: RolloutPreviewView;
  executed: boolean;
  outcomes: readonly PartOutcome[];
}

/**
 * `crossrole rollout --json` (schema/output/rollout.schema.json): per StackSet what changes, the BUILD grant's
 * size, then each part's outcome. Generated ExternalIds are written to the spec; the document names the accounts.
 */
export function renderRolloutJson(run: RolloutRunView, options: { dryRun: boolean }): string {
  const p = run.preview;
  const document: RolloutDocument = {
    formatVersion: 1,
    command: "rollout",
    dryRun: options.dryRun,
    executed: run.executed,
    stackSets: p.groups.map((g) => ({
      target: g.group,
      stackSetName: g.stackSetName,
      region: g.region,
      accounts: g.members.length,
      create: g.create,
      updateTemplate: g.updateTemplate,
      add: [...g.add],
      updateOverrides: [...g.updateOverrides],
      remove: [...g.remove],
      retry: [...g.retry],
    })),
    ouStackSets: p.ouGroups.map((g) => ({
      target: g.group,
      stackSetName: g.stackSetName,
      region: g.region,
      organizationalUnits: [...g.organizationalUnits],
      recorded: [...g.recorded],
      create: g.create,
      updateStackSet: g.updateStackSet,
      addOus: [...g.addOus],
      removeOus: [...g.removeOus],
      joined: [...g.joined],
      left: [...g.left],
      retry: [...g.retry],
    })),
    generatedExternalIds: Object.fromEntries(
      Object.entries(p.generated).map(([target, ids]) => [target, Object.keys(ids)]),
    ),
    generatedPrefixes: Object.keys(p.generatedPrefixes),
    buildGrant: { size: p.grantSize, limit: p.grantLimit, managedParts: p.grantParts },
    outcomes: run.outcomes.map(outcomeJson),
    summary: outcomesSummaryJson(run.outcomes),
  };
  return renderJsonDocument(document);
}
