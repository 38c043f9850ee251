/**
 * The key under which assumed-role credentials are cached. Two requests share an entry only when STS would have
 * been asked the same thing by the same caller: everything sent to AssumeRole, the endpoint it was sent to, and
 * who was calling. Pure; the cache (src/local/cache/credential-cache.ts) hashes the key into a file name.
 */

/** A session tag as sent to STS. */
export interface SessionTag {
  key: string;
  value: string;
}

export interface CredentialCacheKeyInput {
  roleArn: string;
  externalId?: string | undefined;
  sessionName: string;
  sourceIdentity?: string | undefined;
  tags?: readonly SessionTag[] | undefined;
  /** The duration REQUESTED (before any role-chaining clamp), so a repeat request finds the entry. */
  durationSeconds: number;
  /** The STS endpoint override, if any: credentials from an emulator are not credentials for AWS. */
  endpoint?: string | undefined;
  /** Who calls STS: see {@link credentialSourceFingerprint}. */
  caller: string;
}

/** Bump when the entry format or the key's meaning changes: old entries then simply miss. */
export const CREDENTIAL_CACHE_KEY_VERSION = 2;

/**
 * A canonical, order-independent text of the request (tags sorted by key). Contains no secret: ExternalId is
 * not a secret (R2) and the caller part holds at most an access key ID and a keyed digest of the secrets.
 */
export function credentialCacheKey(input: CredentialCacheKeyInput): string {
  const tags = [...(input.tags ?? [])]
    .map((t) => [t.key, t.value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({
    v: CREDENTIAL_CACHE_KEY_VERSION,
    roleArn: input.roleArn,
    externalId: input.externalId ?? null,
    sessionName: input.sessionName,
    sourceIdentity: input.sourceIdentity ?? null,
    tags,
    durationSeconds: input.durationSeconds,
    endpoint: input.endpoint ?? null,
    caller: input.caller,
  });
}

export interface CredentialSourceInput {
  env: Readonly<Record<string, string | undefined>>;
  /** `--source-profile`, when given. */
  sourceProfile?: string | undefined;
  /**
   * A digest of the shared config and credentials files' contents (computed by the caller, which does the I/O):
   * a profile that now points at other keys must not hit an entry made with the old ones.
   */
  sharedFilesDigest: string;
  /**
   * A keyed digest (HMAC) of AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (computed by the caller, which has the
   * crypto), null when neither is set: the same access key ID with a wrong secret must never hit.
   */
  secretsDigest: string | null;
  /**
   * Keyless builds: the BUILD hop a CI token makes, by the token's issuer, subject and audience (unverified claims)
   * and a keyed digest binding it to the job's token source, never the token.
   */
  webIdentity?:
    | { buildRoleArn: string; issuer: string; subject: string; audience: string; binding: string }
    | undefined;
}

/**
 * Identifies the caller WITHOUT resolving credentials (no SDK, no network), so a cache hit stays cheap. Decision:
 * the cache must never hand credentials to a different caller, and resolving the real caller ARN would cost an
 * SDK load and a GetCallerIdentity per run. So the fingerprint is every input the SDK's credential chain reads:
 * the explicit profile, else the access key ID in the environment with a keyed digest of its secret and session
 * token (a right key ID with a wrong secret is another caller, who must go to STS and fail there), the profile
 * variables, web identity role and token file, container credential URIs, and the shared files' digest. Over-specific on purpose: a changed input
 * is a cache miss, never a wrong hit. The cache directory itself is per OS user (0700).
 */
export function credentialSourceFingerprint(input: CredentialSourceInput): string {
  const e = input.env;
  const parts: Record<string, string | null> =
    input.sourceProfile === undefined
      ? {
          accessKeyId: e.AWS_ACCESS_KEY_ID ?? null,
          secrets: input.secretsDigest,
          profile: e.AWS_PROFILE ?? e.AWS_DEFAULT_PROFILE ?? null,
          webIdentityRole: e.AWS_ROLE_ARN ?? null,
          webIdentityTokenFile: e.AWS_WEB_IDENTITY_TOKEN_FILE ?? null,
          containerUri:
            e.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? e.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ?? null,
        }
      : { sourceProfile: input.sourceProfile };
  const webIdentity = input.webIdentity === undefined ? {} : { webIdentity: input.webIdentity };
  return JSON.stringify({ ...parts, ...webIdentity, files: input.sharedFilesDigest });
}
