import type { ProbeOutcome } from "../core/probe-outcome.js";

/** Resource-missing error names: the call was authorised, the thing is not there. */
const NOT_FOUND = /RepositoryNotFound|NoSuchBucket|NoSuchEntity|NotFound/;
const INVALID_CREDENTIALS =
  /InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|ExpiredToken|InvalidAccessKeyId|InvalidToken|RequestExpired/;

/**
 * Classifies what an SDK call did into a {@link ProbeOutcome}: a success (its `$metadata.requestId`), or an error
 * by name and HTTP status: 403 / AccessDenied is `denied` (including ECR denials served as XML, which reach the SDK
 * as a SyntaxError with status 403), unknown or inactive keys are `invalid-credentials`, a missing resource is
 * `allowed` + `notFound`. The message is kept to one line; AWS never echoes secrets in it.
 */
export function toProbeOutcome(result: {
  error?: unknown;
  output?: { $metadata?: { requestId?: string } };
}): ProbeOutcome {
  if (result.error === undefined) {
    const requestId = result.output?.$metadata?.requestId;
    return requestId === undefined ? { result: "allowed" } : { result: "allowed", requestId };
  }
  const e = result.error as {
    name?: string;
    Code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number; requestId?: string };
  };
  const name = e.name ?? e.Code ?? "Error";
  const status = e.$metadata?.httpStatusCode;
  const outcome: ProbeOutcome = { result: "error", code: name, message: oneLine(e.message ?? "") };
  const requestId = e.$metadata?.requestId;
  if (requestId !== undefined) outcome.requestId = requestId;
  if (INVALID_CREDENTIALS.test(name)) outcome.result = "invalid-credentials";
  else if (/AccessDenied|Unauthorized|Forbidden/i.test(name) || status === 403) {
    outcome.result = "denied";
    if (name === "SyntaxError") outcome.message = "HTTP 403";
  } else if (NOT_FOUND.test(name)) {
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

// --- internal ---

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
