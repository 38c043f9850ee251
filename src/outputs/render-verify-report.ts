import type { CheckStatus, VerifyCheck } from "../core/verify/verify-checks.js";
import type { VerifyReport } from "../core/verify/verify-report.js";
import { escapeTerminal as t } from "./escape-terminal.js";
import { renderJsonDocument } from "./json/render-json-document.js";
import type { VerifyDocument } from "./json/verify-document.js";
import { plainStyle, type Style } from "./style.js";

/**
 * The evidence document as JSON (2-space indent, trailing newline): what `--json` prints and `--out` keeps
 * (schema/output/verify.schema.json).
 */
export function renderVerifyJson(report: VerifyReport): string {
  const { formatVersion, ...rest } = report;
  const document: VerifyDocument = { formatVersion, command: "verify", ...rest };
  return renderJsonDocument(document);
}

/**
 * The report for people: the caller, then one table per part (BUILD, then each target) with a status mark, the
 * check and what was found; fixes under the failed and warned checks; notices and a summary line last. Critical
 * findings are marked CRITICAL. No credentials ever reach it (the report holds none). With a colour style the marks
 * are coloured (ok green, FAIL/CRIT red, warn yellow, info/skip dim). `problemsOnly` (`verify --quiet`) keeps only
 * the failed and warned checks, under their part's heading, and the summary line.
 */
export function renderVerifyText(
  report: VerifyReport,
  options: { style?: Style; problemsOnly?: boolean } = {},
): string {
  const style = options.style ?? plainStyle;
  const keep = (checks: readonly VerifyCheck[]) =>
    options.problemsOnly === true ? checks.filter((c) => c.status === "fail" || c.status === "warn") : checks;
  const lines: string[] =
    options.problemsOnly === true ? [] : [`verify: running as ${t(report.caller.arn)}`, ""];
  const parts = [
    { heading: t(`BUILD ${report.buildPrincipalArn}`), checks: keep(report.build.checks) },
    ...report.targets.map((target) => ({
      heading: t(`target ${target.name}  ${target.roleArn}`),
      checks: keep(target.checks),
    })),
  ];
  for (const part of parts) {
    if (part.checks.length > 0 || options.problemsOnly !== true) {
      lines.push(...renderPart(style.strong(part.heading), part.checks, style));
    }
  }
  if (options.problemsOnly !== true) {
    for (const notice of report.notices) lines.push(style.dim(`note: ${t(notice)}`));
    if (report.notices.length > 0) lines.push("");
  }
  const s = report.summary;
  const counts = (["pass", "fail", "warn", "info", "skip"] as const)
    .filter((k) => s[k] > 0)
    .map((k) => `${s[k]} ${WORDS[k]}`)
    .join(", ");
  const critical = [report.build.checks, ...report.targets.map((t) => t.checks)]
    .flat()
    .filter((c) => c.severity === "critical" && c.status === "fail").length;
  lines.push(
    `${s.ok ? style.good("verified") : style.bad("NOT verified")}: ${counts}${critical > 0 ? ` (${style.bad(`${critical} CRITICAL`)})` : ""}.`,
  );
  return `${lines.join("\n")}\n`;
}

// --- internal ---

const MARK_STYLE: Record<CheckStatus, (style: Style) => (text: string) => string> = {
  pass: (s) => s.good,
  fail: (s) => s.bad,
  warn: (s) => s.warn,
  info: (s) => s.dim,
  skip: (s) => s.dim,
};
const MARKS: Record<CheckStatus, string> = {
  pass: "ok  ",
  fail: "FAIL",
  warn: "warn",
  info: "info",
  skip: "skip",
};
const WORDS: Record<CheckStatus, string> = {
  pass: "passed",
  fail: "failed",
  warn: "warning(s)",
  info: "note(s)",
  skip: "skipped",
};

function renderPart(heading: string, checks: readonly VerifyCheck[], style: Style): string[] {
  const width = Math.min(48, Math.max(...checks.map((c) => t(c.title).length), 10));
  const lines = [heading];
  for (const check of checks) {
    const mark = MARK_STYLE[check.status](style)(
      check.severity === "critical" && check.status === "fail" ? "CRIT" : MARKS[check.status],
    );
    lines.push(`  ${mark}  ${t(check.title).padEnd(width)}  ${t(check.detail)}`);
    if ((check.status === "fail" || check.status === "warn") && check.fix !== undefined) {
      lines.push(`        ${" ".repeat(width)}  fix: ${t(check.fix)}`);
    }
  }
  lines.push("");
  return lines;
}
