/**
 * ExternalIds of an `organizationalUnits` target. Accounts join an OU after the rollout, and a service-managed
 * StackSet's auto-deployment gives every new account the StackSet's parameter values: the only per-account value
 * CloudFormation has is the account's own ID. So each account's ExternalId is derived inside the template as
 * `${ExternalIdPrefix}-${AWS::AccountId}` from one generated prefix (stored in the spec as `externalIdPrefix`):
 * distinct per account, never reused (prefixes are unique per target), and known before the account exists.
 */

/** Longest prefix: the derived ID (`-` and 12 digits appended) must stay within ExternalId's 1,224 characters. */
export const OU_EXTERNAL_ID_PREFIX_MAX = 1224 - 13;

/** Characters a prefix may use: ExternalId's charset, at most {@link OU_EXTERNAL_ID_PREFIX_MAX} of them. */
export const OU_EXTERNAL_ID_PREFIX = new RegExp(`^[\\w+=,.@:/-]{2,${OU_EXTERNAL_ID_PREFIX_MAX}}$`);

/** The ExternalId the role in `account` requires: `<prefix>-<account>`. */
export function ouExternalId(prefix: string, account: string): string {
  return `${prefix}-${account}`;
}
