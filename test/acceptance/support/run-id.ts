/** The tag every resource of a run carries; its value is the run ID. */
export const RUN_TAG_KEY = "crossrole-test-run";

/** Every name a run gives starts with this (then the run ID). */
export const NAME_PREFIX = "crt-";

/**
 * A run-unique ID that also says when the run started: `<epoch seconds, base 36>-<4 random chars>` (lowercase
 * letters and digits, so it fits IAM, ECR and S3 bucket names).
 */
export function newRunId(now: number = Date.now()): string {
  const random = Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, "0");
  return `${Math.floor(now / 1000).toString(36)}-${random}`;
}

/** When the run with this ID started (ms since the epoch), or undefined for a value that is not a run ID. */
export function runStartedAt(runId: string): number | undefined {
  const match = /^([0-9a-z]{6,8})-[0-9a-z]{4}$/.exec(runId);
  if (!match?.[1]) return undefined;
  return Number.parseInt(match[1], 36) * 1000;
}

/** The name prefix of one run's resources. */
export function runPrefix(runId: string): string {
  return `${NAME_PREFIX}${runId}-`;
}
