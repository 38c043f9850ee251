/**
 * The admin role ARN of the spec (`admin.roleArn`), and its per-account form: in a multi-account target
 * (`accounts:`), `{account}` in the account field stands for each account in turn, e.g.
 * `arn:aws:iam::{account}:role/OrganizationAccountAccessRole`. Pure.
 */

/** The placeholder for the account ID in a multi-account target's `admin.roleArn`. */
export const ACCOUNT_PLACEHOLDER = "{account}";

/** An IAM role ARN (optionally with a path) whose account field is 12 digits or `{account}`. */
export const ADMIN_ROLE_ARN =
  /^arn:(?:aws|aws-cn|aws-us-gov):iam::(?:\d{12}|\{account\}):role\/(?:[\u0021-\u007E]*\/)?[\w+=,.@-]{1,64}$/;

const ACCOUNT_FIELD = /^(arn:[^:]+:iam::)([^:]*)(:)/;

/** The account field of an admin role ARN: 12 digits, or `{account}` for the per-account form. */
export function adminRoleAccount(roleArn: string): string | undefined {
  return ACCOUNT_FIELD.exec(roleArn)?.[2];
}

/** True when the ARN's account field is the `{account}` placeholder. */
export function usesAccountPlaceholder(roleArn: string): boolean {
  return adminRoleAccount(roleArn) === ACCOUNT_PLACEHOLDER;
}

/**
 * The ARN with its `{account}` account field replaced by `account`; an ARN without the placeholder is returned
 * unchanged. Only the account field is replaced (a path may legally contain braces).
 */
export function substituteAccount(roleArn: string, account: string): string {
  if (!usesAccountPlaceholder(roleArn)) return roleArn;
  return roleArn.replace(ACCOUNT_FIELD, `$1${account}$3`);
}
