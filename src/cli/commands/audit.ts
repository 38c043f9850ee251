import { UsageError } from "../../core/errors.js";
import { acknowledgeAuditFindings } from "../../core/lint/acknowledge-audit-findings.js";
import { auditPassed, summarizeAudit } from "../../core/lint/audit-report.js";
import { renderAuditJson, renderAuditText } from "../../outputs/render-audit-report.js";
import { auditRoles } from "../../workflows/audit-roles.js";
import type { CliContext } from "../cli-context.js";
import { connectAuditAccount } from "../connect-audit-account.js";
import { ExitCode } from "../exit-codes.js";
import { missingProfile } from "../explain-profile-error.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { errorsExitCode } from "../outcomes-exit-code.js";
import { outputStyle } from "../output-style.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { readAuditIgnoreFile } from "../read-audit-ignore-file.js";

const usage = `Usage: crossrole audit [--profile NAME]... [--ignore-file FILE] [--region R] [--endpoint-url URL] [--json] [-q]

Lists EVERY IAM role of the account (ListRoles, all pages), whoever created it, and lints its
live trust policy:
  critical  a web identity (OIDC) trust without a condition on the token's sub: any repository
            or project on that CI platform can assume the role
  critical  Principal "*" (or {"AWS": "*"}) without a condition on the caller's identity or
            organization (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn, ...); Allow
            with NotPrincipal
  error     a sub wildcard over a whole owner or platform (repo:acme/*, repo:*, *)
  error     sts:AssumeRole for a principal of another account without a StringEquals
            sts:ExternalId condition (a whole other account included); a weak ExternalId operator
  warning   a whole-account principal (arn:aws:iam::X:root) that has an ExternalId or is the
            role's own account; a missing or unusual aud; StringLike without a wildcard
Service principals and principals of the role's own account need no ExternalId.
Each finding has a fix. A trust policy that cannot be read or judged fails the role.

Accepted findings (--ignore-file FILE), each with its reason, optionally until a date:
  ignore:
    - rule: trust-cross-account-without-external-id
      role: arn:aws:iam::*:role/OrganizationAccountAccessRole
      reason: AWS Organizations' access role; the trusted account is our management account
      until: 2027-06-30
They are listed as acknowledged and fail nothing; an entry past its until no longer applies.
A role whose trust cannot be judged cannot be acknowledged.

Credentials: admin read access (iam:ListRoles, sts:GetCallerIdentity) of each account: one
--profile per account (repeat it for a fleet), or none for the SDK's default chain.

Options:
${renderOptionsHelp("audit")}

Exit: 0 nothing critical or error, 4 a critical or error finding or a role not judged,
3 credentials refused, 5/6 an account could not be listed (network, AWS failure), 2 invalid input.

Examples:
  crossrole audit --profile prod-audit
  crossrole audit --profile prod-audit --ignore-file audit-ignore.yaml
  crossrole audit --profile a-audit --profile b-audit --json | jq '.accounts[].roles[] | select(.status != "pass")'
`;

/** `crossrole audit`: the lint over every role's live trust policy in one or more accounts. */
export async function runAudit(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("audit", argv);
  if (values.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  if (positionals.length > 0) {
    throw new UsageError(`crossrole audit takes no arguments (got "${positionals[0]}").`, {
      hint: "Name each account's admin read profile with --profile NAME (repeatable). Run: crossrole audit --help",
    });
  }
  const profiles = [...new Set(values.profile ?? [])];
  for (const name of profiles) {
    const missing = await missingProfile(name, ctx);
    if (missing !== undefined) throw missing;
  }
  const ignoreFile = values["ignore-file"];
  const ignoreEntries = ignoreFile === undefined ? undefined : readAuditIgnoreFile(ignoreFile);
  const audited = await auditRoles({
    profiles,
    connect: connectAuditAccount({
      region:
        [values.region, ctx.env.AWS_REGION, ctx.env.AWS_DEFAULT_REGION].find(
          (r) => r !== undefined && r !== "",
        ) ?? "us-east-1",
      endpoint: values["endpoint-url"],
    }),
  });
  const today = new Date().toISOString().slice(0, 10);
  const { accounts, unused, expired } = acknowledgeAuditFindings(audited, ignoreEntries ?? [], today);
  const ignore =
    ignoreFile === undefined
      ? undefined
      : { file: ignoreFile, entries: ignoreEntries?.length ?? 0, unused, expired };
  ctx.stdout.write(
    values.json === true
      ? renderAuditJson(accounts, ignore)
      : renderAuditText(accounts, {
          style: outputStyle(ctx, values),
          quiet: values.quiet === true,
          ...(ignore === undefined ? {} : { ignore }),
        }),
  );
  const failed = errorsExitCode(accounts.map((a) => a.error));
  if (failed !== ExitCode.ok) return failed;
  return auditPassed(summarizeAudit(accounts)) ? ExitCode.ok : ExitCode.verificationFailed;
}
