import {
  type AcknowledgedAuditFinding,
  type AuditAccount,
  type AuditFinding,
  type AuditRole,
  type AuditSeverity,
  type AuditSummary,
  auditPassed,
  isFailingFinding,
  summarizeAudit,
} from "../core/lint/audit-report.js";
import type { AuditIgnoreEntry } from "../core/lint/parse-audit-ignore-file.js";
import { escapeTerminal as t } from "./escape-terminal.js";
import type { AuditDocument } from "./json/audit-document.js";
import { toProblem } from "./json/to-problem.js";
import { padStyled, plainStyle, type Style } from "./style.js";

/** What an ignore file (`--ignore-file`) did, for the report. */
export interface AuditIgnoreSummary {
  /** The file as given. */
  file: string;
  /** How many entries it holds. */
  entries: number;
  /** Entries in force that matched no finding. */
  unused: readonly AuditIgnoreEntry[];
  /** Entries past their `until`: their findings count again. */
  expired: readonly AuditIgnoreEntry[];
}

/** A role's verdict: fail (critical or error), unjudged (a failure too), warn, pass. */
export type AuditRoleStatus = "pass" | "fail" | "warn" | "unjudged";

/** The verdict of one role. */
export function auditRoleStatus(role: AuditRole): AuditRoleStatus {
  if (role.problem !== undefined) return "unjudged";
  if (role.findings.some(isFailingFinding)) return "fail";
  return role.findings.some((f) => f.severity === "warning") ? "warn" : "pass";
}

/**
 * The audit for people: per account, each role with findings (each with its fix), roles that could not be judged
 * (with what to do), then (unless `quiet`) the roles that passed, one line each; then the summary and the verdict.
 * `quiet`: only failing roles and their critical and error findings, and the summary.
 *
 * @example
 * account 111111111111 (profile audit-a): 3 roles
 *   FAIL  role/ci-aud-only
 *     critical  oidc-trust-without-sub
 *       CRITICAL: arn:aws:iam::111111111111:role/ci-aud-only trusts ... without a condition that pins ...:sub ...
 *       fix: Add "StringEquals": { "token.actions.githubusercontent.com:sub": "<the exact subject>" } ...
 *   pass  role/OurThingBuildRole
 *
 * 3 roles in 1 account: 1 critical, 0 errors, 0 warnings, 0 info; 1 role fails.
 * FAIL
 */
export function renderAuditText(
  accounts: readonly AuditAccount[],
  options: { style?: Style; quiet?: boolean; ignore?: AuditIgnoreSummary } = {},
): string {
  const style = options.style ?? plainStyle;
  const quiet = options.quiet === true;
  const lines: string[] = [];
  for (const account of accounts) {
    const name = account.account === undefined ? "account ?" : `account ${account.account}`;
    if (account.error !== undefined) {
      const problem = toProblem(account.error);
      lines.push(`${style.strong(name)} (${account.source}): ${style.bad("could not be audited")}`);
      lines.push(
        `  ${t(problem.message)}`,
        ...(problem.hint === undefined ? [] : [`  hint: ${t(problem.hint)}`]),
      );
      continue;
    }
    const count = account.roles.length;
    lines.push(`${style.strong(name)} (${account.source}): ${count} role${count === 1 ? "" : "s"}`);
    const order: AuditRoleStatus[] = quiet ? ["unjudged", "fail"] : ["unjudged", "fail", "warn", "pass"];
    for (const status of order) {
      for (const role of account.roles.filter((r) => auditRoleStatus(r) === status)) {
        lines.push(...renderRole(role, status, style, quiet));
      }
    }
  }
  if (options.ignore !== undefined) lines.push(...renderIgnoreNotes(options.ignore, style));
  const summary = summarizeAudit(accounts);
  const passed = auditPassed(summary);
  lines.push("", formatAuditSummary(summary), passed ? style.good("PASS") : style.bad("FAIL"));
  return `${lines.join("\n")}\n`;
}

/** `12 roles in 2 accounts: 1 critical, 2 errors, 0 warnings, 3 info; 2 roles fail, 1 not judged, 1 account not listed.` */
export function formatAuditSummary(summary: AuditSummary): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const counts = `${summary.critical} critical, ${plural(summary.error, "error")}, ${plural(summary.warning, "warning")}, ${summary.info} info${summary.acknowledged > 0 ? `, ${summary.acknowledged} acknowledged` : ""}`;
  const failing = [
    summary.failingRoles > 0
      ? `${plural(summary.failingRoles, "role")} fail${summary.failingRoles === 1 ? "s" : ""}`
      : "",
    summary.unjudgedRoles > 0 ? `${plural(summary.unjudgedRoles, "role")} not judged` : "",
    summary.failedAccounts > 0 ? `${plural(summary.failedAccounts, "account")} not listed` : "",
  ].filter((s) => s !== "");
  return `${plural(summary.roles, "role")} in ${plural(summary.accounts, "account")}: ${counts}${failing.length > 0 ? `; ${failing.join(", ")}` : ""}.`;
}

/** The audit for machines (schema/output/audit.schema.json), keys in the documented order. */
export function renderAuditJson(accounts: readonly AuditAccount[], ignore?: AuditIgnoreSummary): string {
  const summary = summarizeAudit(accounts);
  const document: AuditDocument = {
    formatVersion: 1,
    command: "audit",
    ok: auditPassed(summary),
    summary: {
      accounts: summary.accounts,
      roles: summary.roles,
      failingRoles: summary.failingRoles,
      unjudgedRoles: summary.unjudgedRoles,
      failedAccounts: summary.failedAccounts,
      critical: summary.critical,
      error: summary.error,
      warning: summary.warning,
      info: summary.info,
      acknowledged: summary.acknowledged,
    },
    ...(ignore === undefined
      ? {}
      : {
          ignoreFile: {
            path: ignore.file,
            entries: ignore.entries,
            unused: ignore.unused.map(describeEntry),
            expired: ignore.expired.map(describeEntry),
          },
        }),
    accounts: accounts.map((account) => ({
      ...(account.account === undefined ? {} : { account: account.account }),
      source: account.source,
      ...(account.error === undefined ? {} : { problem: toProblem(account.error) }),
      roles: account.roles.map((role) => ({
        arn: role.arn,
        roleName: role.roleName,
        path: role.path,
        status: auditRoleStatus(role),
        ...(role.problem === undefined ? {} : { problem: role.problem }),
        findings: role.findings.map((f) => ({
          id: f.id,
          severity: f.severity,
          message: f.message,
          fix: f.fix,
        })),
        ...(role.acknowledged === undefined
          ? {}
          : {
              acknowledged: role.acknowledged.map((f) => ({
                id: f.id,
                severity: f.severity,
                message: f.message,
                reason: f.reason,
                ...(f.until === undefined ? {} : { until: f.until }),
                where: f.where,
              })),
            }),
      })),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

// --- internal ---

const STATUS_WORD: Record<AuditRoleStatus, (style: Style) => (text: string) => string> = {
  fail: (s) => s.bad,
  unjudged: (s) => s.bad,
  warn: (s) => s.warn,
  pass: (s) => s.good,
};

const SEVERITY_MARK: Record<AuditSeverity, (style: Style) => (text: string) => string> = {
  critical: (s) => s.bad,
  error: (s) => s.bad,
  warning: (s) => s.warn,
  info: (s) => s.dim,
};

function renderRole(role: AuditRole, status: AuditRoleStatus, style: Style, quiet: boolean): string[] {
  const word = status === "unjudged" ? "UNJUDGED" : status === "fail" ? "FAIL" : status;
  const lines = [
    `  ${padStyled(STATUS_WORD[status](style)(word), 5)} role${t(role.path)}${t(role.roleName)}`,
  ];
  if (role.problem !== undefined) {
    lines.push(
      `    ${t(role.arn)}: the trust policy ${t(role.problem)}`,
      `    fix: read it with \`aws iam get-role --role-name ${t(role.roleName)}\` and rewrite it in the documented policy grammar (a role whose trust nobody can read is not proven safe).`,
    );
  }
  const shown = quiet ? role.findings.filter(isFailingFinding) : role.findings;
  for (const f of shown) lines.push(...renderFinding(f, style));
  if (!quiet) for (const f of role.acknowledged ?? []) lines.push(...renderAcknowledged(f, style));
  return lines;
}

function renderAcknowledged(f: AcknowledgedAuditFinding, style: Style): string[] {
  const until = f.until === undefined ? "" : `, until ${f.until}`;
  return [
    `    ${style.dim(`acknowledged ${f.severity} ${f.id} (${t(f.where)}${until})`)}`,
    `      reason: ${t(f.reason)}`,
  ];
}

function renderIgnoreNotes(ignore: AuditIgnoreSummary, style: Style): string[] {
  const lines: string[] = [];
  const entry = (e: AuditIgnoreEntry) =>
    `    ${e.rule} on ${t(e.role)} (${t(e.where)}${e.until === undefined ? "" : `, until ${e.until}`})`;
  if (ignore.expired.length > 0) {
    lines.push(
      "",
      style.warn(
        `${t(ignore.file)}: ${ignore.expired.length} expired entr${ignore.expired.length === 1 ? "y" : "ies"}: their findings count again (renew until, or fix the roles)`,
      ),
      ...ignore.expired.map(entry),
    );
  }
  if (ignore.unused.length > 0) {
    lines.push(
      "",
      `${t(ignore.file)}: ${ignore.unused.length} entr${ignore.unused.length === 1 ? "y" : "ies"} matched no finding (fixed roles, or accounts not audited this run): remove what is fixed`,
      ...ignore.unused.map(entry),
    );
  }
  return lines;
}

function describeEntry(e: AuditIgnoreEntry): { rule: string; role: string; until?: string; where: string } {
  return { rule: e.rule, role: e.role, ...(e.until === undefined ? {} : { until: e.until }), where: e.where };
}

function renderFinding(f: AuditFinding, style: Style): string[] {
  return [
    `    ${padStyled(SEVERITY_MARK[f.severity](style)(f.severity), 9)} ${f.id}`,
    `      ${t(f.message)}`,
    `      fix: ${t(f.fix)}`,
  ];
}
