import { AwsAuthError } from "../errors.js";
import { ACCOUNT_PLACEHOLDER } from "../identifiers/admin-role-arn.js";

/** What {@link accountMismatchError} describes. */
export interface AccountMismatch {
  side: "target" | "build";
  /** The target's name (`GROUP-ACCOUNT` for one account of a group); undefined for BUILD. */
  target?: string | undefined;
  /** The spec's name of the multi-account target this account belongs to, if any. */
  group?: string | undefined;
  /** The account the spec names. */
  expected: string;
  /** The account the credentials are in (GetCallerIdentity). */
  actual: string;
  /** The caller ARN, when known. */
  actualArn?: string | undefined;
  /** How the credentials were chosen, e.g. "profile target-admin". */
  source: string;
}

/**
 * ACCOUNT_MISMATCH (exit 3): admin credentials in another account than the spec says. For one account of a
 * multi-account target, the hint names the per-account admin role (`admin.roleArn` with `{account}`), since one
 * profile cannot be in every account of a group.
 */
export function accountMismatchError(m: AccountMismatch): AwsAuthError {
  const what = m.side === "build" ? "the BUILD side" : `target ${m.target}`;
  const caller = m.actualArn === undefined ? "" : ` (${m.actualArn})`;
  const hint =
    m.side === "build"
      ? `Use admin credentials of account ${m.expected}: --build-profile NAME, or build.admin in the spec.`
      : m.group !== undefined
        ? `"${m.group}" spans several accounts, so one profile cannot administer them all: set targets.${m.group}.admin.roleArn ` +
          `to a role that exists in every account, with ${ACCOUNT_PLACEHOLDER} for the account, e.g. ` +
          `arn:aws:iam::${ACCOUNT_PLACEHOLDER}:role/OrganizationAccountAccessRole (assumed from the default chain, or from --target-profile).`
        : `Use admin credentials of account ${m.expected}: --target-profile NAME, or targets.${m.target}.admin in the spec.`;
  return new AwsAuthError(
    "ACCOUNT_MISMATCH",
    `the credentials for ${what} (${m.source}) are in account ${m.actual}${caller}, but the spec says ${what} is account ${m.expected}. Nothing was changed.`,
    { hint },
  );
}
