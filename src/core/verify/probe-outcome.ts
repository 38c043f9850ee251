/**
 * What one live probe (a call made to prove that something is allowed or refused) found. Adapters in src/aws
 * classify SDK results into this; `verify`, `revoke` and the rotations judge it. Never holds credentials.
 */
export interface ProbeOutcome {
  /**
   * `allowed`: the call was authorised (it may still report a missing resource: see `notFound`); `denied`: AWS
   * refused it (AccessDenied, HTTP 403); `invalid-credentials`: the key or session is unknown, inactive or
   * expired; `error`: anything else (network, 5xx after retries).
   */
  result: "allowed" | "denied" | "invalid-credentials" | "error";
  /** Authorised, but the resource (repository, bucket) does not exist. */
  notFound?: boolean;
  /** The AWS request ID ($metadata.requestId), when the SDK reported one: for CloudTrail. */
  requestId?: string;
  /** The error name (e.g. `AccessDenied`); absent on success. */
  code?: string;
  /** The service's message, one line; absent on success. */
  message?: string;
}
