import type { AuditAccount } from "./audit-report.js";
import { matchesIamPattern } from "./match-iam-pattern.js";
import { type AuditIgnoreEntry, ignoreEntryApplies } from "./parse-audit-ignore-file.js";

/** The audit with an ignore file applied, and what the file says that did not apply. */
export interface AcknowledgedAudit {
  accounts: AuditAccount[];
  /** Entries in force that matched no finding: stale, or for accounts not audited this time. */
  unused: AuditIgnoreEntry[];
  /** Entries past their `until`: their findings count again. */
  expired: AuditIgnoreEntry[];
}

/**
 * Moves each finding that an ignore entry in force on `today` (YYYY-MM-DD, UTC) covers, same rule and the role's ARN
 * matching the entry's pattern (case-sensitively, as ARNs compare; the parser admits no `?`, so `*` is the only
 * wildcard), from the role's findings to its `acknowledged` list, with the entry's reason. The
 * first matching entry wins. A role whose trust could not be judged stays unjudged: there is no finding to
 * acknowledge. Pure; the accounts given are not changed.
 */
export function acknowledgeAuditFindings(
  accounts: readonly AuditAccount[],
  entries: readonly AuditIgnoreEntry[],
  today: string,
): AcknowledgedAudit {
  const inForce = entries.filter((e) => ignoreEntryApplies(e, today));
  const used = new Set<AuditIgnoreEntry>();
  const result = accounts.map((account) => ({
    ...account,
    roles: account.roles.map((role) => {
      const findings = [];
      const acknowledged = [...(role.acknowledged ?? [])];
      for (const finding of role.findings) {
        const entry = inForce.find((e) => e.rule === finding.id && matchesIamPattern(e.role, role.arn, true));
        if (entry === undefined) {
          findings.push(finding);
          continue;
        }
        used.add(entry);
        acknowledged.push({
          ...finding,
          reason: entry.reason,
          ...(entry.until === undefined ? {} : { until: entry.until }),
          where: entry.where,
        });
      }
      return { ...role, findings, ...(acknowledged.length === 0 ? {} : { acknowledged }) };
    }),
  }));
  return {
    accounts: result,
    unused: inForce.filter((e) => !used.has(e)),
    expired: entries.filter((e) => !ignoreEntryApplies(e, today)),
  };
}
