import type { LintFinding, LintSeverity } from "../core/lint/lint-finding.js";
import { SEVERITIES } from "../core/lint/lint-finding.js";

/** How many findings of each severity. */
export type LintSummary = Record<LintSeverity, number>;

/** Counts findings per severity. */
export function summarizeFindings(findings: readonly LintFinding[]): LintSummary {
  const summary: LintSummary = { error: 0, warning: 0, info: 0 };
  for (const f of findings) summary[f.severity]++;
  return summary;
}

/** `2 errors, 1 warning, 0 info`. */
export function formatSummary(summary: LintSummary): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(summary.error, "error")}, ${plural(summary.warning, "warning")}, ${summary.info} info`;
}

/**
 * Lint findings for people, in the order given (lintPlan sorts them), then a summary line. No colors.
 *
 * @example
 * warning  trust-principal-account  [ourthing]
 *   Target "ourthing": trust policy … trusts the whole account 222222222222 …
 *   fix: Name the one principal builds run as: …
 *
 * 0 errors, 1 warning, 0 info
 */
export function renderLintText(findings: readonly LintFinding[]): string {
  if (findings.length === 0) return "No findings.\n";
  return `${findings.map(renderFindingText).join("\n")}\n${formatSummary(summarizeFindings(findings))}\n`;
}

/** One finding as three lines: severity, id and target; the message; the fix. */
export function renderFindingText(f: LintFinding): string {
  const where = f.target === undefined ? "[BUILD]" : `[${f.target}]`;
  return `${f.severity.padEnd(8)} ${f.id}  ${where}\n  ${f.message}\n  fix: ${f.fix}\n`;
}

/**
 * Lint findings for machines: `{ "formatVersion": 1, "command": "lint", "summary": {…}, "findings": [{ id, severity, target?,
 * message, fix }] }`, keys in that order, with a trailing newline.
 */
export function renderLintJson(findings: readonly LintFinding[]): string {
  const summary = summarizeFindings(findings);
  const body = {
    formatVersion: 1,
    command: "lint",
    summary: orderSummary(summary),
    findings: findings.map(orderFinding),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** A finding with its keys in the documented order. */
export function orderFinding(f: LintFinding): LintFinding {
  return {
    id: f.id,
    severity: f.severity,
    ...(f.target === undefined ? {} : { target: f.target }),
    message: f.message,
    fix: f.fix,
  };
}

// --- internal ---

function orderSummary(summary: LintSummary): LintSummary {
  return Object.fromEntries(SEVERITIES.map((s) => [s, summary[s]])) as LintSummary;
}
