import type { AccessPlan } from "../plan/access-plan.js";
import type { LintRuleId } from "../spec/lint-rule-ids.js";

/** How bad a finding is: errors fail `crossrole lint`, warnings ask for a decision, info explains. */
export type LintSeverity = "error" | "warning" | "info";

/** One problem the security lint found in the plan's documents. */
export interface LintFinding {
  /** Stable rule id, e.g. `external-id-missing` (the spec's `lint.ignore` names these). */
  id: LintRuleId;
  severity: LintSeverity;
  /** Target name; absent for the BUILD side or the plan as a whole. */
  target?: string;
  /** What is wrong, naming the target and the offending value. */
  message: string;
  /** What to change. */
  fix: string;
}

/** A rule family: reads the plan's documents (never the spec) and reports findings in any order. */
export type LintRule = (plan: AccessPlan) => LintFinding[];

/** Severities, most severe first: the order findings are reported in. */
export const SEVERITIES: readonly LintSeverity[] = ["error", "warning", "info"];

/** Builds a finding; `target` undefined means the BUILD side or the whole plan. */
export function lintFinding(
  id: LintRuleId,
  severity: LintSeverity,
  target: string | undefined,
  message: string,
  fix: string,
): LintFinding {
  return target === undefined ? { id, severity, message, fix } : { id, severity, target, message, fix };
}

/** Report order: severity, then target (BUILD-side findings first), then rule id, then message. */
export function compareFindings(a: LintFinding, b: LintFinding): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    compareText(a.target ?? "", b.target ?? "") ||
    compareText(a.id, b.id) ||
    compareText(a.message, b.message)
  );
}

// --- internal ---

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
