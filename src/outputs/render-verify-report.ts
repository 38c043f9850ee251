import type { CheckStatus, VerifyCheck } from "../core/verify/verify-checks.js";
import type { VerifyReport } from "../core/verify/verify-report.js";
import { renderJsonDocument } from "./json/render-json-document.js";
import type { VerifyDocument } from "./json/verify-document.js";

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
 * findings are marked CRITICAL. No credentials ever reach it (the report holds none).
 */
export function renderVerifyText(report: VerifyReport): string {
  const lines: string[] = [`verify: running as ${report.caller.arn}`, ""];
  lines.push(...renderPart(`BUILD ${report.buildPrincipalArn}`, report.build.checks));
  for (const t of report.targets) lines.push(...renderPart(`target ${t.name}  ${t.roleArn}`, t.checks));
  for (const notice of report.notices) lines.push(`note: ${notice}`);
  if (report.notices.length > 0) lines.push("");
  const s = report.summary;
  const counts = (["pass", "fail", "warn", "info", "skip"] as const)
    .filter((k) => s[k] > 0)
    .map((k) => `${s[k]} ${WORDS[k]}`)
    .join(", ");
  const critical = [report.build.checks, ...report.targets.map((t) => t.checks)]
    .flat()
    .filter((c) => c.severity === "critical" && c.status === "fail").length;
  lines.push(
    `${s.ok ? "verified" : "NOT verified"}: ${counts}${critical > 0 ? ` (${critical} CRITICAL)` : ""}.`,
  );
  return `${lines.join("\n")}\n`;
}

// --- internal ---

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

function renderPart(heading: string, checks: readonly VerifyCheck[]): string[] {
  const width = Math.min(48, Math.max(...checks.map((c) => c.title.length), 10));
  const lines = [heading];
  for (const check of checks) {
    const mark = check.severity === "critical" && check.status === "fail" ? "CRIT" : MARKS[check.status];
    lines.push(`  ${mark}  ${check.title.padEnd(width)}  ${check.detail}`);
    if ((check.status === "fail" || check.status === "warn") && check.fix !== undefined) {
      lines.push(`        ${" ".repeat(width)}  fix: ${check.fix}`);
    }
  }
  lines.push("");
  return lines;
}
