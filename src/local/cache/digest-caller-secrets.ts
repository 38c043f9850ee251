import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";

/**
 * A keyed digest (HMAC-SHA-256) of the secret access key and session token in the environment, for the credential
 * and ECR token cache keys (see credentialSourceFingerprint): a caller with the right access key ID but another
 * secret or token is another caller, and must go to STS (and fail there), never be served a cached session. The
 * secrets themselves never reach a key, a file name or an entry. The HMAC key is fixed and public: it only
 * separates this use of the secret from any other digest of it; the digest's strength is the secret's own (an AWS
 * secret access key is 40 random base64 characters, about 240 bits), so an entry's key reveals nothing usable.
 * Null when neither variable is set. Computed with @noble/hashes (audited, dependency-free, bundled into the fast
 * path), not node:crypto, whose loading would add 10 to 20 ms to every cache hit.
 */
export function digestCallerSecrets(env: Readonly<Record<string, string | undefined>>): string | null {
  const secret = env.AWS_SECRET_ACCESS_KEY;
  const token = env.AWS_SESSION_TOKEN;
  if ((secret === undefined || secret === "") && (token === undefined || token === "")) return null;
  const message = JSON.stringify([secret ?? null, token ?? null]);
  return Buffer.from(hmac(sha256, Buffer.from(HMAC_KEY), Buffer.from(message, "utf8"))).toString("hex");
}

// --- internal ---

const HMAC_KEY = "crossrole/cache-key/caller-secrets/v1";
