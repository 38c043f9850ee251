import { UsageError } from "../core/errors.js";
import type { Side } from "../workflows/connect-side.js";
import type { OptionsConfig } from "./parse-command-args.js";
import { targetOption, targetOptionHelp } from "./target-args.js";

/** Options apply, diff and destroy share. */
export const accessCommandOptions = {
  config: { type: "string", short: "c" },
  ...targetOption,
  side: { type: "string", default: "all" },
  "target-profile": { type: "string" },
  "build-profile": { type: "string" },
  "endpoint-url": { type: "string" },
  region: { type: "string" },
  concurrency: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies OptionsConfig;

/** Help text of the shared options. */
export const accessCommandOptionsHelp = `  -c, --config FILE        Access spec (default: $CROSSROLE_CONFIG, else crossrole.yaml here or above)
${targetOptionHelp}.
                             The BUILD grant always lists every target.
      --side S             target | build | all (default all): which account(s) to work on
      --target-profile P   Admin profile for the target accounts (overrides targets.*.admin in the spec; with a
                           per-account admin.roleArn, the profile the role is assumed from)
      --build-profile P    Admin profile for the BUILD account (overrides build.admin in the spec)
      --endpoint-url URL   Send AWS calls here (e.g. a local emulator); AWS_ENDPOINT_URL works too
      --region R           Region for STS calls (default: the spec's)
      --concurrency N      Targets worked on at once (default 8)
  -h, --help               Show this help`;

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
