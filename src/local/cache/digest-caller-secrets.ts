import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { WEB_IDENTITY_TOKEN_FILE } from "../fs/check-aws-shared-files.js";
import { readLocalFile } from "../fs/read-local-file.js";

/**
 * A keyed digest (HMAC-SHA-256) of the secret access key and session token in the environment, for the credential
 * and ECR token cache keys (see credentialSourceFingerprint): a caller with the right access key ID but another
 * secret or token is another caller, and must go to STS (and fail there), never be served a cached session. The
 * secrets themselves never reach a key, a file name or an entry. The HMAC key is fixed and public: it only
 * separates this use of the secret from any other digest of it; the digest's strength is the secret's own (an AWS
 * secret access key is 40 random base64 characters, about 240 bits), so an entry's key reveals nothing usable.
 * The web identity token in AWS_WEB_IDENTITY_TOKEN_FILE is a secret of the same kind (keyless builds): its content,
 * not only the file's path, is in the digest, so a token of another job or repository written to the same path is
 * another caller and goes to STS, never served the session an allowed token cached. (Its `sub` claim alone would
 * not do: an unverified claim is whatever a forger writes.) Null when none of them is set. Computed with
 * @noble/hashes (audited, dependency-free, bundled into the fast path), not node:crypto, whose loading would add 10 to 20 ms to every cache hit.
 */
export function digestCallerSecrets(env: Readonly<Record<string, string | undefined>>): string | null {
  const secret = env.AWS_SECRET_ACCESS_KEY;
  const token = env.AWS_SESSION_TOKEN;
  const webIdentity = webIdentityToken(env.AWS_WEB_IDENTITY_TOKEN_FILE);
  if (
    (secret === undefined || secret === "") &&
    (token === undefined || token === "") &&
    webIdentity === null
  )
    return null;
  // Without a web identity token, the message is what it always was (entries written before stay valid).
  const parts = [secret ?? null, token ?? null, ...(webIdentity === null ? [] : [webIdentity])];
  const message = JSON.stringify(parts);
  return Buffer.from(hmac(sha256, Buffer.from(HMAC_KEY), Buffer.from(message, "utf8"))).toString("hex");
}

// --- internal ---

/**
 * The token file's bytes as text, "absent" when it does not exist, "unreadable" when it cannot be read (the SDK then
 * fails too), null when unset. The same rules as the check before the SDK reads it, so every token the SDK accepts
 * is digested by its content.
 */
function webIdentityToken(path: string | undefined): string | null {
  if (path === undefined || path === "") return null;
  try {
    const bytes = readLocalFile(path, WEB_IDENTITY_TOKEN_FILE);
    return bytes === undefined ? "absent" : bytes.toString("utf8");
  } catch {
    return "unreadable";
  }
}

const HMAC_KEY = "crossrole/cache-key/caller-secrets/v1";

/**
 * A keyed digest (HMAC-SHA-256, the key separating this use) of what binds a keyless build's token to its job: the
 * token itself when it sits in a variable (GitLab `id_tokens`), or GitHub's per-job request token and URL, whose
 * tokens are minted anew on each request. Part of the credential cache key beside the token's issuer, subject and
 * audience (whose claims alone an unverified token could forge), never the secret itself.
 */
export function digestCiTokenBinding(parts: readonly string[]): string {
  return Buffer.from(
    hmac(sha256, Buffer.from(CI_TOKEN_HMAC_KEY), Buffer.from(JSON.stringify(parts), "utf8")),
  ).toString("hex");
}

const CI_TOKEN_HMAC_KEY = "crossrole/cache-key/ci-token/v1";
