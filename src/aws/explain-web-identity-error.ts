import { AwsAuthError, AwsOperationError, type CrossroleError } from "../core/errors.js";

/**
 * An error of the SDK's web identity credential provider (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN: the BUILD hop
 * of a keyless build, sts:AssumeRoleWithWebIdentity) explained as such, or undefined for any other error. The SDK
 * raises it from whichever call first needed credentials, so without this an AssumeRole on a target would be
 * blamed for a token the BUILD role refused. The token itself is never in the message.
 */
export function explainWebIdentityError(
  error: unknown,
  env: Readonly<Record<string, string | undefined>>,
  /** Set when the error is known to come from crossrole's own BUILD hop with a CI token (not the SDK's variables). */
  ciToken?: { roleArn: string; origin: string },
): CrossroleError | undefined {
  const e = error as { name?: string; message?: string };
  const name = e.name ?? "";
  const message = e.message ?? "";
  const tokenFile = env.AWS_WEB_IDENTITY_TOKEN_FILE;
  const fromWebIdentity =
    /AssumeRoleWithWebIdentity/.test(message) ||
    /^(InvalidIdentityToken|IDPCommunicationError|IDPRejectedClaim)(Exception)?$/.test(name) ||
    (tokenFile !== undefined && /^ExpiredToken(Exception)?$/.test(name) && /^Token expired/.test(message));
  // crossrole's own BUILD hop: a 4xx answer of STS is the token's refusal; throttling, a 5xx or no answer at all
  // (DNS, connection) is not, and is translated as any other AWS failure.
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  const refused =
    typeof status === "number" && status >= 400 && status < 500 && !/Throttl|TooManyRequests/.test(name);
  if (!fromWebIdentity && !(ciToken !== undefined && refused)) return undefined;
  const role = ciToken?.roleArn ?? env.AWS_ROLE_ARN ?? "the role in AWS_ROLE_ARN";
  const origin =
    ciToken !== undefined
      ? ` (from ${ciToken.origin})`
      : tokenFile === undefined
        ? ""
        : " (AWS_WEB_IDENTITY_TOKEN_FILE)";
  const what = `the web identity token${origin} was refused for ${role}: ${message}`;
  if (/IDPCommunicationError/.test(name)) {
    return new AwsOperationError("WEB_IDENTITY_REFUSED", `${what}.`, {
      hint: "AWS could not reach the token's issuer to verify it; retry, and check the issuer is up.",
      cause: error,
    });
  }
  return new AwsAuthError("WEB_IDENTITY_REFUSED", `${what}.`, {
    hint: webIdentityHint(name, message),
    cause: error,
  });
}

// --- internal ---

function webIdentityHint(name: string, message: string): string {
  if (/No OpenIDConnect provider/.test(message))
    return "The BUILD account has no IAM OIDC provider for this issuer: crossrole apply creates it (build.oidc.provider).";
  if (/audience/i.test(message))
    return "The token was requested for another audience: request it for build.oidc.audience (sts.amazonaws.com for GitHub's aws-actions), or list that audience in the spec and crossrole apply.";
  if (/^ExpiredToken/.test(name))
    return "The token expired (CI tokens live minutes): fetch a new one, or rerun the job.";
  if (/AccessDenied/.test(name))
    return "The BUILD role's trust admits only the subjects in build.oidc.subjects (crossrole plan shows the trust policy); this job's token has another sub (repository, branch, environment or event). Run it from an allowed ref, or add its subject to build.oidc.subjects and crossrole apply.";
  return "The token could not be validated (signature, issuer or claims): check that the CI issued it for this job and that it is not truncated.";
}
