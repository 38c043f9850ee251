import { UsageError } from "../core/errors.js";
import type { Side } from "../workflows/connect-side.js";

/** How admin credentials reach each account of a multi-account target; shared by the commands' help. */
export const fleetAdminHelp = `One profile is in one account, so for a multi-account target set
targets.GROUP.admin.roleArn with {account} in its account field, e.g.
arn:aws:iam::{account}:role/OrganizationAccountAccessRole: crossrole assumes it in each account, from the
default credential chain or, with --target-profile P, from profile P.`;

/** Validates `--side`. */
export function parseSide(command: string, value: string | undefined): Side {
  if (value === "target" || value === "build" || value === "all") return value;
  throw new UsageError(`crossrole ${command}: --side must be target, build or all (got "${value}").`);
}

/** Validates `--concurrency` (1..64). */
export function parseConcurrency(command: string, value: string | undefined): number {
  if (value === undefined) return 8;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new UsageError(
      `crossrole ${command}: --concurrency must be a whole number from 1 to 64 (got "${value}").`,
    );
  }
  return n;
}
