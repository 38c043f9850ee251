import { readFile } from "node:fs/promises";
import { issuerOf } from "../../../src/core/spec/oidc-spec-rules.js";
import type { KeylessSettings } from "./settings.js";

/** The claims of the maintainer's token the keyless test relies on (read, not verified: AWS verifies it). */
export interface WebIdentityTokenClaims {
  iss: string;
  sub: string;
  /** The audience to put in the spec: CROSSROLE_TEST_OIDC_AUDIENCE, else the token's aud (its first, if a list). */
  audience: string;
  /** Expiry, seconds since the epoch (undefined: the token names none). */
  exp: number | undefined;
}

/** The token file's content, trimmed (the SDKs read it the same way). Never logged. */
export async function readWebIdentityToken(file: string): Promise<string> {
  return (await readFile(file, "utf8")).trim();
}

/**
 * Reads the token in CROSSROLE_TEST_OIDC_TOKEN_FILE and checks it against the other variables, so a mistake in
 * them fails with what to fix instead of an AWS refusal: a JWT, `iss` the provider's issuer, `sub` the subject,
 * an audience, and at least `minValidSeconds` left before `exp`.
 */
export async function readTokenClaims(
  keyless: KeylessSettings,
  minValidSeconds: number,
  now: number = Date.now(),
): Promise<WebIdentityTokenClaims> {
  const token = await readWebIdentityToken(keyless.tokenFile);
  const parts = token.split(".");
  let payload: Record<string, unknown> | undefined;
  try {
    payload =
      parts.length === 3 ? JSON.parse(Buffer.from(parts[1] ?? "", "base64url").toString("utf8")) : undefined;
  } catch {
    payload = undefined;
  }
  if (payload === undefined || typeof payload !== "object" || payload === null) {
    throw new Error(
      `CROSSROLE_TEST_OIDC_TOKEN_FILE (${keyless.tokenFile}) does not hold a JWT (header.payload.signature)`,
    );
  }
  const issuer = issuerOf(keyless.provider);
  const iss = typeof payload.iss === "string" ? payload.iss : "";
  if (iss.replace(/\/+$/, "") !== issuer) {
    throw new Error(
      `the token's iss is ${JSON.stringify(iss)}, but CROSSROLE_TEST_OIDC_PROVIDER=${keyless.provider} names ${issuer}`,
    );
  }
  const sub = typeof payload.sub === "string" ? payload.sub : "";
  if (sub !== keyless.subject) {
    throw new Error(
      `the token's sub is ${JSON.stringify(sub)}, but CROSSROLE_TEST_OIDC_SUBJECT is ${JSON.stringify(keyless.subject)}`,
    );
  }
  const aud = [payload.aud].flat().find((value): value is string => typeof value === "string");
  const audience = keyless.audience ?? aud;
  if (audience === undefined) {
    throw new Error("the token carries no aud: set CROSSROLE_TEST_OIDC_AUDIENCE");
  }
  const exp = typeof payload.exp === "number" ? payload.exp : undefined;
  if (exp !== undefined && exp * 1000 < now + minValidSeconds * 1000) {
    throw new Error(
      `the token in CROSSROLE_TEST_OIDC_TOKEN_FILE expires at ${new Date(exp * 1000).toISOString()}, less than ${minValidSeconds} s from now: give a fresh one (the file is read at each use, so a process that refreshes it works)`,
    );
  }
  return { iss: issuer, sub, audience, exp };
}
