import { AwsAuthError, CrossroleError, EnvironmentError, UsageError } from "../core/errors.js";

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
 * do. Errors that are already CrossroleErrors pass through. Unknown errors are wrapped as `AWS_ERROR` (exit 3)
 * with the service's own message; their text never holds secrets (AWS does not echo keys back).
 */
export function translateAwsError(error: unknown, context: AwsCallContext): CrossroleError {
  if (error instanceof CrossroleError) return error;
  const e = error as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const name = e.name ?? e.code ?? "Error";
  const message = e.message ?? String(error);
  const status = e.$metadata?.httpStatusCode;
  const on = context.resource === undefined ? "" : ` on ${context.resource}`;

  if (name === "CredentialsProviderError" || /Could not load credentials/i.test(message)) {
    return new AwsAuthError("NO_CREDENTIALS", `no AWS credentials found for ${context.action}.`, {
      hint: "Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, pass --source-profile NAME, or run where a web identity token, container or instance role is available.",
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
  if (/AccessDenied|UnauthorizedOperation|Forbidden/i.test(name) || status === 403) {
    return new AwsAuthError(
      "ACCESS_DENIED",
      `access denied: ${context.action}${on}. AWS said: ${oneLine(message)}`,
      {
        cause: error,
      },
    );
  }
  if (name === "RegionDisabledException") {
    return new AwsAuthError("REGION_DISABLED", `STS is not activated in this region (${context.action}).`, {
      hint: "Activate the region for STS in the account's IAM settings, or use another --region.",
      cause: error,
    });
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
    code === "ETIMEDOUT" ||
    code === "EAI_AGAIN" ||
    /ECONNREFUSED|ENOTFOUND|getaddrinfo/.test(message)
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
  return new AwsAuthError("AWS_ERROR", `${context.action}${on} failed: ${name}: ${oneLine(message)}`, {
    cause: error,
  });
}

// --- internal ---

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
