import {
  AwsAuthError,
  AwsOperationError,
  CrossroleError,
  EnvironmentError,
  UsageError,
} from "../core/errors.js";
import { describeSdkFailure, isAwsAccessDenied, type SdkFailure } from "./describe-sdk-failure.js";
import { explainWebIdentityError } from "./explain-web-identity-error.js";
import { oneLine } from "./one-line.js";

/** What the failing call was, so the message can say it. */
export interface AwsCallContext {
  /** e.g. "sts:AssumeRole". */
  action: string;
  /** e.g. the role ARN. */
  resource?: string;
  /** The endpoint in use, when not AWS's default. */
  endpoint?: string | undefined;
}

/**
 * Turns an AWS SDK error into a CrossroleError with a message that names the call and a hint that says what to
 * do. Errors that are already CrossroleErrors pass through. Only an AccessDenied AWS itself sent is a denial (a
 * proxy's HTML 403 is not). An endpoint that did not answer like AWS, even after the SDK's retries (a 5xx, a
 * reset or cut-off connection, a timeout, a body that is not an AWS answer), is `AWS_UNAVAILABLE` (exit 5) with a
 * plain message naming the call and the endpoint, never the SDK's own text. Other AWS errors are wrapped as
 * `AWS_ERROR` (exit 3) with the service's own message; their text never holds secrets (AWS does not echo keys).
 */
export function translateAwsError(error: unknown, context: AwsCallContext): CrossroleError {
  if (error instanceof CrossroleError) return error;
  const webIdentity = explainWebIdentityError(error, process.env);
  if (webIdentity !== undefined) return webIdentity;
  const e = error as {
    name?: string;
    code?: string;
    message?: string;
  };
  const name = e.name ?? e.code ?? "Error";
  const message = e.message ?? String(error);
  const on = context.resource === undefined ? "" : ` on ${context.resource}`;

  // The SDK's fromIni names the profile it could not use (missing, or without any credential setting): the CLI
  // tells the two apart by reading the files (src/cli/explain-profile-error.ts).
  const profile = /Could not resolve credentials using profile: \[([^\]]*)\]/.exec(message)?.[1];
  if (profile !== undefined) {
    return new AwsAuthError(
      "PROFILE_NO_CREDENTIALS",
      `profile ${profile} gave no AWS credentials for ${context.action}.`,
      {
        hint: `Check its settings (aws configure list --profile ${profile}): it needs keys, role_arn with a source, sso_*, credential_process or a web identity token file.`,
        cause: error,
      },
    );
  }
  if (name === "CredentialsProviderError" || /Could not load credentials/i.test(message)) {
    return new AwsAuthError("NO_CREDENTIALS", `no AWS credentials found for ${context.action}.`, {
      // No flag named: which profile option a command takes differs (crossrole COMMAND --help lists them).
      hint: "Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE, pass the command's profile option (see its --help), or run where a web identity token, container or instance role is available.",
      cause: error,
    });
  }
  if (name === "ExpiredToken" || name === "ExpiredTokenException" || name === "RequestExpired") {
    return new AwsAuthError(
      "EXPIRED_CREDENTIALS",
      `the source credentials have expired (${context.action}).`,
      {
        hint: "Refresh the build's own credentials (re-login, or restart the job so the CI injects new ones).",
        cause: error,
      },
    );
  }
  if (
    name === "InvalidClientTokenId" ||
    name === "SignatureDoesNotMatch" ||
    name === "UnrecognizedClientException"
  ) {
    return new AwsAuthError(
      "INVALID_CREDENTIALS",
      `AWS rejected the credentials for ${context.action}: ${name}.`,
      {
        hint: "The access key does not exist, was deleted, or its secret is wrong. Check which credentials are in use with: aws sts get-caller-identity",
        cause: error,
      },
    );
  }
  const failure = describeSdkFailure(error);
  if (isAwsAccessDenied(error)) {
    return new AwsAuthError(
      "ACCESS_DENIED",
      `access denied: ${context.action}${on}. AWS said: ${oneLine(message)}`,
      {
        cause: error,
      },
    );
  }
  if (name === "RegionDisabledException") {
    return new AwsOperationError(
      "REGION_DISABLED",
      `STS is not activated in this region (${context.action}).`,
      {
        hint: "Activate the region for STS in the account's IAM settings, or use another --region.",
        cause: error,
      },
    );
  }
  if (/Region is missing|ConfigError.*region/i.test(message)) {
    return new UsageError("no AWS region is set.", {
      hint: "Pass --region, set AWS_REGION, or put region in the spec.",
      cause: error,
    });
  }
  const code = (error as { code?: string }).code;
  if (
    code === "ECONNREFUSED" ||
    code === "ENOTFOUND" ||
    code === "EAI_AGAIN" ||
    (failure.kind === "network" && /ECONNREFUSED|ENOTFOUND|getaddrinfo/.test(message))
  ) {
    return new EnvironmentError(
      "ENDPOINT_UNREACHABLE",
      `cannot reach AWS for ${context.action}${context.endpoint ? ` at ${context.endpoint}` : ""}: ${oneLine(message)}`,
      {
        hint: "Check the network, proxy settings, AWS_ENDPOINT_URL and --endpoint-url.",
        cause: error,
      },
    );
  }
  const unanswered = describeUnanswered(failure);
  if (unanswered !== undefined) {
    const at = `${context.action}${on} at ${context.endpoint ?? endpointFromEnvironment(context.action) ?? "AWS's endpoint"}`;
    return new EnvironmentError("AWS_UNAVAILABLE", `${at}: ${unanswered.text.replace(/\.$/, "")}.`, {
      hint: unanswered.notAws
        ? "Something between here and AWS answered instead of AWS: check HTTPS_PROXY / NO_PROXY, AWS_ENDPOINT_URL and --endpoint-url."
        : "AWS or the network did not answer properly, even after retries. Try again later; if it persists, check the network, any proxy, AWS_ENDPOINT_URL and --endpoint-url.",
      cause: error,
    });
  }
  return new AwsOperationError("AWS_ERROR", `${context.action}${on} failed: ${name}: ${failure.summary}`, {
    cause: error,
  });
}

// --- internal ---

const THROTTLING =
  /^(Throttling|ThrottlingException|TooManyRequestsException|RequestLimitExceeded|SlowDown)$/;

/**
 * The endpoint the SDK took from the environment when no `--endpoint-url` was given (AWS_ENDPOINT_URL_<SERVICE>,
 * then AWS_ENDPOINT_URL), so a message can name where the call went.
 */
function endpointFromEnvironment(action: string): string | undefined {
  const env = globalThis.process?.env ?? {};
  const service = (action.split(":")[0] ?? "").toUpperCase();
  const value = env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
  return value === undefined || value === "" ? undefined : value;
}

/**
 * What came back instead of an AWS answer, in words, and whether it was an answer that is not AWS's (a proxy's
 * page, a body that does not parse); undefined for an AWS error of the client side, or throttling.
 */
function describeUnanswered(failure: SdkFailure): { text: string; notAws: boolean } | undefined {
  const times = (n: number | undefined) => (n === undefined || n <= 1 ? "once" : `${n} times`);
  const attempts =
    failure.attempts !== undefined && failure.attempts > 1 ? `, ${failure.attempts} attempts` : "";
  const status = failure.status;
  if (failure.kind === "aws") {
    if (status === undefined || status < 500 || THROTTLING.test(failure.code)) return undefined;
    return {
      text: `AWS answered ${status} ${failure.code} ${times(failure.attempts)}: ${failure.summary}`,
      notAws: false,
    };
  }
  if (failure.kind === "network") {
    return /\(E[A-Z_]+\)$/.test(failure.summary) || /Timeout/.test(failure.code)
      ? { text: `${failure.summary}${attempts}`, notAws: false }
      : undefined;
  }
  if (status !== undefined && status >= 500 && /not an AWS error body$/.test(failure.summary)) {
    const reason = failure.summary.replace(/, not an AWS error body$/, "");
    return {
      text: `AWS answered ${status} ${reason} ${times(failure.attempts)}, not an AWS error body`,
      notAws: false,
    };
  }
  if (/cut off/.test(failure.summary)) {
    return { text: `${failure.summary} (HTTP ${status})${attempts}`, notAws: false };
  }
  return { text: `HTTP ${status} with ${failure.summary}`, notAws: true };
}
