import type { AccessPlan } from "../plan/access-plan.js";
import type { LintRuleId } from "../spec/lint-rule-ids.js";
// Types only: a value import of spec-schema.ts would load zod into plan and lint, which never validate with it here.
import type { AccessSpec, LintIgnoreSpec } from "../spec/spec-schema.js";
import type { LintFinding } from "./lint-finding.js";

/** A finding the spec acknowledges (`lint.ignore`), with the reason it gives, if any. */
export interface AcknowledgedFinding extends LintFinding {
  reason?: string;
}

/** The findings still to report, and those the spec acknowledges. */
export interface AcknowledgedFindings {
  findings: LintFinding[];
  acknowledged: AcknowledgedFinding[];
}

/**
 * Splits findings into those to report and those the spec acknowledges: a rule in the top-level `lint.ignore`
 * acknowledges its findings everywhere (targets and the BUILD side); a rule in a target's `lint.ignore` only that
 * target's (every account of a multi-account target). The schema made sure a rule that can report an error is
 * acknowledged only with a reason. Acknowledged findings neither print nor fail a run; `crossrole lint` counts
 * them. Order is kept. Pure.
 */
export function acknowledgeFindings(
  findings: readonly LintFinding[],
  spec: Pick<AccessSpec, "lint" | "targets">,
  plan: Pick<AccessPlan, "targets">,
): AcknowledgedFindings {
  const everywhere = byRule(spec.lint?.ignore);
  const groupOf = new Map(plan.targets.map((t) => [t.name, t.group ?? t.name]));
  const result: AcknowledgedFindings = { findings: [], acknowledged: [] };
  for (const finding of findings) {
    const specTarget =
      finding.target === undefined ? undefined : (groupOf.get(finding.target) ?? finding.target);
    const own = specTarget === undefined ? undefined : byRule(spec.targets[specTarget]?.lint?.ignore);
    const entry = own?.get(finding.id) ?? everywhere.get(finding.id);
    if (entry === undefined) result.findings.push(finding);
    else result.acknowledged.push(typeof entry === "string" ? finding : { ...finding, reason: entry.reason });
  }
  return result;
}

// --- internal ---

function byRule(entries: readonly LintIgnoreSpec[] | undefined): Map<LintRuleId, LintIgnoreSpec> {
  return new Map((entries ?? []).map((e) => [typeof e === "string" ? e : e.rule, e]));
}
