import type { LintRuleId } from "../spec/lint-rule-ids.js";
import type { LintFinding, LintSeverity } from "./lint-finding.js";

/** An audit finding's severity: the lint's, with the errors anyone can exploit at once promoted to critical. */
export type AuditSeverity = "critical" | LintSeverity;

/** Severities, most severe first. */
export const AUDIT_SEVERITIES: readonly AuditSeverity[] = ["critical", "error", "warning", "info"];

/**
 * The rules whose errors let anyone in: a web identity trust without `sub` (any repository on the platform), a `*`
 * principal without an identity condition, Allow with NotPrincipal.
 */
export const CRITICAL_RULES: ReadonlySet<LintRuleId> = new Set<LintRuleId>([
  "oidc-trust-without-sub",
  "trust-principal-wildcard",
  "trust-not-principal",
]);

/** One finding on one role. */
export interface AuditFinding {
  id: LintRuleId;
  severity: AuditSeverity;
  message: string;
  fix: string;
}

/** A finding an ignore file acknowledges (`crossrole audit --ignore-file`): it neither prints as one nor fails. */
export interface AcknowledgedAuditFinding extends AuditFinding {
  /** The entry's reason. */
  reason: string;
  /** The entry's last day, if it has one. */
  until?: string;
  /** Where the entry is written (`FILE:LINE`). */
  where: string;
}

/** One role of an audited account: its findings, or why its trust policy could not be judged (a failure). */
export interface AuditRole {
  roleName: string;
  path: string;
  arn: string;
  findings: AuditFinding[];
  /** Findings an ignore file acknowledges; absent when none. */
  acknowledged?: AcknowledgedAuditFinding[];
  /** Set when the trust policy could not be read or judged: the role fails the audit. */
  problem?: string;
}

/** One audited account: its roles, or why they could not be listed (then `roles` is empty and the audit fails). */
export interface AuditAccount {
  /** The account the credentials are in (GetCallerIdentity); undefined when even that failed. */
  account?: string;
  /** Where the credentials came from: "profile audit-a", "the default credential chain". */
  source: string;
  roles: AuditRole[];
  /** The error that stopped this account's audit (listing, credentials). */
  error?: unknown;
}

/** Counts over a whole audit. */
export interface AuditSummary {
  accounts: number;
  roles: number;
  /** Roles with at least one critical or error finding. */
  failingRoles: number;
  /** Roles whose trust policy could not be judged. */
  unjudgedRoles: number;
  /** Accounts whose roles could not be listed. */
  failedAccounts: number;
  critical: number;
  error: number;
  warning: number;
  info: number;
  /** Findings an ignore file acknowledges (counted in none of the severities above). */
  acknowledged: number;
}

/** The audit's severity of a lint finding: errors of {@link CRITICAL_RULES} are critical. */
export function toAuditFinding(finding: LintFinding): AuditFinding {
  const severity: AuditSeverity =
    finding.severity === "error" && CRITICAL_RULES.has(finding.id) ? "critical" : finding.severity;
  return { id: finding.id, severity, message: finding.message, fix: finding.fix };
}

/** Most severe first, then rule id, then message. */
export function compareAuditFindings(a: AuditFinding, b: AuditFinding): number {
  const bySeverity = AUDIT_SEVERITIES.indexOf(a.severity) - AUDIT_SEVERITIES.indexOf(b.severity);
  if (bySeverity !== 0) return bySeverity;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** Whether a finding fails the audit: critical or error. */
export function isFailingFinding(finding: AuditFinding): boolean {
  return finding.severity === "critical" || finding.severity === "error";
}

/** Counts findings, failing and unjudged roles, failed accounts. */
export function summarizeAudit(accounts: readonly AuditAccount[]): AuditSummary {
  const summary: AuditSummary = {
    accounts: accounts.length,
    roles: 0,
    failingRoles: 0,
    unjudgedRoles: 0,
    failedAccounts: 0,
    critical: 0,
    error: 0,
    warning: 0,
    info: 0,
    acknowledged: 0,
  };
  for (const account of accounts) {
    if (account.error !== undefined) summary.failedAccounts++;
    for (const role of account.roles) {
      summary.roles++;
      if (role.problem !== undefined) summary.unjudgedRoles++;
      if (role.findings.some(isFailingFinding)) summary.failingRoles++;
      for (const f of role.findings) summary[f.severity]++;
      summary.acknowledged += role.acknowledged?.length ?? 0;
    }
  }
  return summary;
}

/** The audit passes only when every account was listed, every role judged, and nothing critical or error found. */
export function auditPassed(summary: AuditSummary): boolean {
  return (
    summary.failedAccounts === 0 &&
    summary.unjudgedRoles === 0 &&
    summary.critical === 0 &&
    summary.error === 0
  );
}
