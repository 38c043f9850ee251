import type { LintFinding, LintSeverity } from "../core/lint/lint-finding.js";
import { SEVERITIES } from "../core/lint/lint-finding.js";
import { padStyled, plainStyle, type Style } from "./style.js";

/** How many findings of each severity. */
export type LintSummary = Record<LintSeverity, number>;

/** Counts findings per severity. */
export function summarizeFindings(findings: readonly LintFinding[]): LintSummary {
  const summary: LintSummary = { error: 0, warning: 0, info: 0 };
  for (const f of findings) summary[f.severity]++;
  return summary;
}

/** `2 errors, 1 warning, 0 info`, and `, 3 acknowledged` when the spec acknowledges findings (`lint.ignore`). */
export function formatSummary(summary: LintSummary, acknowledged = 0): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const counts = `${plural(summary.error, "error")}, ${plural(summary.warning, "warning")}, ${summary.info} info`;
  return acknowledged > 0 ? `${counts}, ${acknowledged} acknowledged` : counts;
}

/**
 * Lint findings for people, in the order given (lintPlan sorts them), then a summary line. With a colour style the
 * severity words are marked (error red, warning yellow, info dim). `shown` (default: all) are the findings listed;
 * the summary always counts every one (`lint --quiet` lists the errors only).
 *
 * @example
 * warning  trust-principal-account  [ourthing]
 *   Target "ourthing": trust policy … trusts the whole account 222222222222 …
 *   fix: Name the one principal builds run as: …
 *
 * 0 errors, 1 warning, 0 info
 *
 * `acknowledged`: how many findings the spec acknowledges (`lint.ignore`); counted in the summary, never shown.
 */
export function renderLintText(
  findings: readonly LintFinding[],
  options: { style?: Style; shown?: readonly LintFinding[]; acknowledged?: number } = {},
): string {
  const acknowledged = options.acknowledged ?? 0;
  if (findings.length === 0) {
    return acknowledged === 0
      ? "No findings.\n"
      : `No findings (${acknowledged} acknowledged in the spec).\n`;
  }
  const style = options.style ?? plainStyle;
  const shown = options.shown ?? findings;
  const listed = shown.map((f) => renderFindingText(f, style)).join("\n");
  return `${listed === "" ? "" : `${listed}\n`}${formatSummary(summarizeFindings(findings), acknowledged)}\n`;
}

/** One finding as three lines: severity, id and target; the message; the fix. */
export function renderFindingText(f: LintFinding, style: Style = plainStyle): string {
  const where = f.target === undefined ? "[BUILD]" : `[${f.target}]`;
  const severity = SEVERITY_MARK[f.severity](style)(f.severity);
  return `${padStyled(severity, 8)} ${f.id}  ${where}\n  ${f.message}\n  fix: ${f.fix}\n`;
}

const SEVERITY_MARK: Record<LintSeverity, (style: Style) => (text: string) => string> = {
  error: (s) => s.bad,
  warning: (s) => s.warn,
  info: (s) => s.dim,
};

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
