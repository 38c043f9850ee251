import { UsageError } from "../errors.js";
import {
  EXTERNAL_ID,
  EXTERNAL_ID_CHARSET,
  IAM_PRINCIPAL_ARN,
  SESSION_NAME,
  TAG_KEY,
  TAG_VALUE,
} from "../identifiers/aws-patterns.js";
import type { SessionTag } from "./credential-cache-key.js";

/** What crossrole will send to sts:AssumeRole. */
export interface AssumeRoleParameters {
  roleArn: string;
  externalId?: string | undefined;
  sessionName: string;
  durationSeconds: number;
  sourceIdentity?: string | undefined;
  tags?: readonly SessionTag[] | undefined;
}

/** DurationSeconds bounds (R6). */
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 43_200;
/** Most session tags per AssumeRole (R9). */
export const MAX_SESSION_TAGS = 50;

/**
 * Checks every AssumeRole parameter against the STS rules (R1, R4–R6, R9, R13) before any network call, so a
 * typo fails in milliseconds with a precise message instead of an AWS ValidationError. Throws UsageError.
 */
export function validateAssumeRequest(request: AssumeRoleParameters): void {
  if (!isRoleArn(request.roleArn)) {
    throw new UsageError(`"${request.roleArn}" is not an IAM role ARN.`, {
      hint: "Expected arn:aws:iam::123456789012:role/NAME (or role/path/NAME).",
    });
  }
  if (request.externalId !== undefined && !EXTERNAL_ID.test(request.externalId)) {
    throw new UsageError(
      `the ExternalId is invalid: it must be 2..1224 characters of ${EXTERNAL_ID_CHARSET}.`,
    );
  }
  if (!SESSION_NAME.test(request.sessionName)) {
    throw new UsageError(
      `invalid session name "${request.sessionName}": it must be 2..64 characters of letters, digits and _ + = , . @ -.`,
    );
  }
  const d = request.durationSeconds;
  if (!Number.isInteger(d) || d < MIN_DURATION_SECONDS || d > MAX_DURATION_SECONDS) {
    throw new UsageError(`invalid duration ${d}: it must be a whole number of seconds in 900..43200.`, {
      hint: "The role's MaxSessionDuration caps it too (default 3600), and role chaining caps it at 3600.",
    });
  }
  const sid = request.sourceIdentity;
  if (sid !== undefined) {
    if (sid.toLowerCase().startsWith("aws:")) {
      throw new UsageError(`invalid source identity "${sid}": it must not start with "aws:".`);
    }
    if (!SESSION_NAME.test(sid)) {
      throw new UsageError(
        `invalid source identity "${sid}": it must be 2..64 characters of letters, digits and _ + = , . @ -.`,
      );
    }
  }
  validateTags(request.tags ?? []);
}

/** True for `arn:PARTITION:iam::ACCOUNT:role/[path/]NAME`. */
export function isRoleArn(value: string): boolean {
  const m = IAM_PRINCIPAL_ARN.exec(value);
  return m !== null && m[3] === "role";
}

// --- internal ---

function validateTags(tags: readonly SessionTag[]): void {
  if (tags.length > MAX_SESSION_TAGS) {
    throw new UsageError(`too many session tags: ${tags.length} (STS accepts at most ${MAX_SESSION_TAGS}).`);
  }
  const seen = new Set<string>();
  for (const { key, value } of tags) {
    if (!TAG_KEY.test(key)) {
      throw new UsageError(
        `invalid session tag key "${key}": 1..128 characters of letters, digits, spaces and _ . : / = + - @.`,
      );
    }
    if (key.toLowerCase().startsWith("aws:")) {
      throw new UsageError(`invalid session tag key "${key}": keys starting with "aws:" are reserved.`);
    }
    if (!TAG_VALUE.test(value)) {
      throw new UsageError(
        `invalid value for session tag "${key}": at most 256 characters of letters, digits, spaces and _ . : / = + - @.`,
      );
    }
    const folded = key.toLowerCase();
    if (seen.has(folded)) {
      throw new UsageError(`session tag "${key}" is given twice (tag keys are case-insensitive).`);
    }
    seen.add(folded);
  }
}
