import { z } from "zod";
import { documentHeader, problemSchema } from "./document-parts.js";

const auditFindingSchema = z.object({
  id: z.string().describe("Stable lint rule id"),
  severity: z
    .enum(["critical", "error", "warning", "info"])
    .describe("critical and error fail the audit (exit 4)"),
  message: z.string(),
  fix: z.string(),
});

const auditRoleSchema = z.object({
  arn: z.string(),
  roleName: z.string(),
  path: z.string(),
  status: z
    .enum(["pass", "fail", "warn", "unjudged"])
    .describe(
      "fail: a critical or error finding; unjudged: the trust policy could not be read or judged (fails)",
    ),
  problem: z.string().optional().describe("Why the trust policy could not be judged"),
  findings: z.array(auditFindingSchema),
  acknowledged: z
    .array(
      auditFindingSchema.omit({ fix: true }).extend({
        reason: z.string().describe("The ignore entry's reason"),
        until: z.string().optional().describe("The ignore entry's last day (YYYY-MM-DD, UTC)"),
        where: z.string().describe("Where the ignore entry is written: FILE:LINE"),
      }),
    )
    .optional()
    .describe("Findings the --ignore-file acknowledges: they do not fail the audit"),
});

const ignoreEntrySchema = z.object({
  rule: z.string(),
  role: z.string().describe("The role ARN pattern (* for any run of characters)"),
  until: z.string().optional(),
  where: z.string().describe("FILE:LINE"),
});

/** `crossrole audit --json`: every role of every audited account, with the lint's findings on its live trust. */
export const auditDocument = z
  .object({
    ...documentHeader("audit"),
    ok: z
      .boolean()
      .describe("true only when every account was listed, every role judged, and nothing failed"),
    summary: z.object({
      accounts: z.number().int(),
      roles: z.number().int(),
      failingRoles: z.number().int(),
      unjudgedRoles: z.number().int(),
      failedAccounts: z.number().int(),
      critical: z.number().int(),
      error: z.number().int(),
      warning: z.number().int(),
      info: z.number().int(),
      acknowledged: z.number().int().describe("Findings the --ignore-file acknowledges"),
    }),
    ignoreFile: z
      .object({
        path: z.string(),
        entries: z.number().int(),
        unused: z.array(ignoreEntrySchema).describe("Entries in force that matched no finding"),
        expired: z.array(ignoreEntrySchema).describe("Entries past their until: their findings count again"),
      })
      .optional()
      .describe("Present with --ignore-file"),
    accounts: z.array(
      z.object({
        account: z.string().optional().describe("Absent when the credentials could not be resolved"),
        source: z.string().describe("Where the admin read credentials came from"),
        problem: problemSchema.optional().describe("Why this account's roles could not be listed (fails)"),
        roles: z.array(auditRoleSchema),
      }),
    ),
  })
  .describe("crossrole audit --json");

/** The document auditDocument describes. */
export type AuditDocument = z.infer<typeof auditDocument>;
