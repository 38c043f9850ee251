import { AwsOperationError } from "../core/errors.js";
import {
  type AuditAccount,
  type AuditRole,
  compareAuditFindings,
  toAuditFinding,
} from "../core/lint/audit-report.js";
import { decodeTrustPolicy } from "../core/lint/decode-trust-policy.js";
import { lintRoleTrust } from "../core/lint/lint-role-trust.js";
import type { ListedRole } from "../core/ports/iam-port.js";
import type { SideConnection } from "./connect-side.js";
import { mapBounded } from "./map-bounded.js";

/** Connects to one audited account: `profile` undefined means the default credential chain. */
export type ConnectAuditAccount = (profile: string | undefined) => Promise<SideConnection>;

/** Options of {@link auditRoles}. */
export interface AuditRolesOptions {
  /** One admin-read profile per account; empty: one account, the default credential chain. */
  profiles: readonly string[];
  connect: ConnectAuditAccount;
  /** Accounts audited at once (default 4). */
  concurrency?: number;
}

/**
 * `crossrole audit`: every IAM role of each account (ListRoles, all pages), its live trust policy decoded and run
 * through the lint's live-trust rules ({@link lintRoleTrust}), whoever created the role. A trust policy that cannot be
 * read or judged makes that role a failure; an account whose roles cannot be listed is a failure with its error. One
 * account's failure does not stop the others. Roles come sorted by ARN, findings most severe first.
 */
export async function auditRoles(options: AuditRolesOptions): Promise<AuditAccount[]> {
  const profiles = options.profiles.length === 0 ? [undefined] : options.profiles;
  return mapBounded(profiles, options.concurrency ?? 4, async (profile) => {
    const source = profile === undefined ? "the default credential chain" : `profile ${profile}`;
    let account: string | undefined;
    try {
      const connection = await options.connect(profile);
      if (!/^\d{12}$/.test(connection.identity.account)) {
        throw new AwsOperationError(
          "AWS_ERROR",
          `sts:GetCallerIdentity for ${source} answered no account ID ("${connection.identity.account}"): without it, no principal can be told inside or outside the account.`,
        );
      }
      account = connection.identity.account;
      const listed = await connection.iam.listRoles();
      const roles = listed
        .map((role) => auditRole(role, connection.identity.account))
        .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
      return { account, source: connection.source, roles };
    } catch (error) {
      return { ...(account === undefined ? {} : { account }), source, roles: [], error };
    }
  });
}

// --- internal ---

function auditRole(role: ListedRole, account: string): AuditRole {
  const base = { roleName: role.roleName, path: role.path, arn: role.arn };
  const decoded = decodeTrustPolicy(role.trustPolicyText);
  if (!decoded.ok) return { ...base, findings: [], problem: `cannot be judged: ${decoded.problem}` };
  const verdict = lintRoleTrust(decoded.document, { roleArn: role.arn, account });
  const findings = verdict.findings.map(toAuditFinding).sort(compareAuditFindings);
  if (verdict.unjudged.length > 0) {
    return { ...base, findings, problem: `cannot be judged: ${verdict.unjudged.join("; ")}` };
  }
  return { ...base, findings };
}
