import { AwsOperationError } from "../errors.js";

/**
 * ECR authorization tokens: `base64("AWS:<password>")`, documented as valid for 12 hours. Pure: no I/O.
 */

/** How long AWS documents an ECR authorization token to be valid. */
export const ECR_TOKEN_LIFETIME_SECONDS = 12 * 3600;

/** The docker login an ECR authorization token stands for. The password is a secret: never logged. */
export interface EcrLogin {
  /** Always `AWS` for ECR. */
  username: string;
  password: string;
}

/**
 * Decodes an authorization token into the docker username and password.
 * @throws AwsOperationError `ECR_TOKEN_INVALID` when it is not base64 of `USER:PASSWORD` (the message holds no part of it).
 */
export function decodeEcrToken(authorizationToken: string): EcrLogin {
  const text = /^[A-Za-z0-9+/]+={0,2}$/.test(authorizationToken) ? decodeBase64(authorizationToken) : "";
  const colon = text.indexOf(":");
  if (colon <= 0 || colon === text.length - 1) {
    throw new AwsOperationError(
      "ECR_TOKEN_INVALID",
      "ECR returned an authorization token that is not base64 of USER:PASSWORD.",
      { hint: "Check that the ECR endpoint (AWS_ENDPOINT_URL_ECR, AWS_ENDPOINT_URL) is really Amazon ECR." },
    );
  }
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** The value of a docker config `auths` entry's `auth` field: `base64("USER:PASSWORD")`. */
export function encodeDockerAuth(login: EcrLogin): string {
  const bytes = new TextEncoder().encode(`${login.username}:${login.password}`);
  return btoa(String.fromCharCode(...bytes));
}

/** When a token stops working and when crossrole fetches a new one. */
export interface EcrTokenLifetime {
  issuedAt: Date;
  expiresAt: Date;
  /** Half-way between issue and expiry: a cached token is reused until then (as amazon-ecr-credential-helper does). */
  refreshAt: Date;
  /** True when ECR's `expiresAt` was missing or implausible and the documented 12 h were assumed instead. */
  assumed: boolean;
}

/**
 * A sane lifetime for a token issued at `issuedAt`: ECR's `expiresAt` when it lies in the future and at most 12 h
 * (plus 5 minutes of clock skew) away, otherwise the documented 12 h from issue. Emulators report expiry dates in
 * the past (moto: 2015-01-01), and a clock far off would otherwise make every token look expired or eternal.
 */
export function ecrTokenLifetime(issuedAt: Date, expiresAt: Date | undefined): EcrTokenLifetime {
  const issued = issuedAt.getTime();
  const reported = expiresAt?.getTime();
  const plausible =
    reported !== undefined &&
    Number.isFinite(reported) &&
    reported > issued &&
    reported - issued <= (ECR_TOKEN_LIFETIME_SECONDS + SKEW_SECONDS) * 1000;
  const end = plausible ? reported : issued + ECR_TOKEN_LIFETIME_SECONDS * 1000;
  return {
    issuedAt: new Date(issued),
    expiresAt: new Date(end),
    refreshAt: new Date(issued + Math.floor((end - issued) / 2)),
    assumed: !plausible,
  };
}

// --- internal ---

const SKEW_SECONDS = 300;

function decodeBase64(text: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(atob(text), (c) => c.charCodeAt(0)),
    );
  } catch {
    return "";
  }
}
