import type { AssumedRoleUser, Credentials } from "@aws-sdk/client-sts";
import type { AssumeAttempt } from "../core/ports/sts-probe-port.js";
import type { ProbeOutcome } from "../core/verify/probe-outcome.js";
import { describeSdkFailure, isAwsAccessDenied } from "./describe-sdk-failure.js";

/** Resource-missing error names: the call was authorised, the thing is not there (named by AWS, not by status). */
const NOT_FOUND = /^(RepositoryNotFoundException|NoSuchBucket|NoSuchEntity|NoSuchKey)$/;
const INVALID_CREDENTIALS =
  /^(InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|ExpiredToken|ExpiredTokenException|InvalidAccessKeyId|InvalidToken|RequestExpired)$/;

/**
 * Classifies what an SDK call did into a {@link ProbeOutcome}: a success (its `$metadata.requestId`), or an error.
 * Only an error AWS itself named counts ({@link describeSdkFailure}): its AccessDenied is `denied`, unknown or
 * inactive keys are `invalid-credentials`, a missing resource is `allowed` + `notFound`. Everything else is
 * `error` ("could not be judged"): throttling, 5xx, a reset, a timeout, and any answer that is not an AWS error,
 * such as a proxy's HTML 403 or 404 or a body that does not parse. The message is one line, without the SDK's
 * own hints; AWS never echoes secrets in it.
 */
export function toProbeOutcome(result: {
  error?: unknown;
  output?: { $metadata?: { requestId?: string } };
}): ProbeOutcome {
  if (result.error === undefined) {
    const requestId = result.output?.$metadata?.requestId;
    return requestId === undefined ? { result: "allowed" } : { result: "allowed", requestId };
  }
  const failure = describeSdkFailure(result.error);
  const attempts =
    failure.kind !== "aws" && failure.attempts !== undefined && failure.attempts > 1
      ? ` (${failure.attempts} attempts)`
      : "";
  const outcome: ProbeOutcome = {
    result: "error",
    code: failure.code,
    message: `${failure.summary}${attempts}`,
  };
  const requestId = (result.error as { $metadata?: { requestId?: string } }).$metadata?.requestId;
  if (requestId !== undefined && failure.kind === "aws") outcome.requestId = requestId;
  if (failure.kind !== "aws") return outcome;
  if (INVALID_CREDENTIALS.test(failure.code)) outcome.result = "invalid-credentials";
  else if (isAwsAccessDenied(result.error)) outcome.result = "denied";
  else if (NOT_FOUND.test(failure.code)) {
    outcome.result = "allowed";
    outcome.notFound = true;
  }
  return outcome;
}

/** Runs an SDK call and classifies it; never throws. */
export async function probe<T extends { $metadata?: { requestId?: string } }>(
  run: () => Promise<T>,
): Promise<{ outcome: ProbeOutcome; output?: T }> {
  try {
    const output = await run();
    return { outcome: toProbeOutcome({ output }), output };
  } catch (error) {
    return { outcome: toProbeOutcome({ error }) };
  }
}

/** What AssumeRole and AssumeRoleWithWebIdentity answer, as far as a probe reads it. */
interface AssumeOutput {
  Credentials?: Credentials | undefined;
  AssumedRoleUser?: AssumedRoleUser | undefined;
}

/**
 * An assume probe's attempt from its outcome and answer: the session's credentials (expiring in 15 minutes when
 * STS names no expiration) and the assumed role ARN. An allowed call that returned no complete credentials is an
 * `error` (ASSUME_ROLE_EMPTY), never a pass; a refused or failed one keeps its outcome.
 */
export function toAssumeAttempt(outcome: ProbeOutcome, output: AssumeOutput | undefined): AssumeAttempt {
  const c = output?.Credentials;
  if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined || c.SessionToken === undefined) {
    return outcome.result === "allowed"
      ? {
          outcome: {
            ...outcome,
            result: "error",
            code: "ASSUME_ROLE_EMPTY",
            message: "no credentials returned",
          },
        }
      : { outcome };
  }
  const attempt: AssumeAttempt = {
    outcome,
    credentials: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration ?? new Date(Date.now() + 900_000),
    },
  };
  if (output?.AssumedRoleUser?.Arn !== undefined) attempt.assumedRoleArn = output.AssumedRoleUser.Arn;
  return attempt;
}
