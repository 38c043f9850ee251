import type { AssumeAttempt } from "./sts-probe-port.js";

/** One AssumeRoleWithWebIdentity attempt: the token is sent, never kept or shown. */
export interface WebIdentityAttemptRequest {
  roleArn: string;
  sessionName: string;
  token: string;
}

/**
 * AssumeRoleWithWebIdentity as a probe (`verify` with a web identity; `src/aws/web-identity-probe.ts`): never
 * throws. AWS's refusals of a token (AccessDenied, InvalidIdentityToken, IDPRejectedClaim, an expired token) are
 * `denied`; anything AWS did not answer is `error` (could not be judged).
 */
export interface WebIdentityProbe {
  tryAssumeRoleWithWebIdentity(request: WebIdentityAttemptRequest): Promise<AssumeAttempt>;
}
