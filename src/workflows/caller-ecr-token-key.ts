import { credentialSourceFingerprint } from "../core/session/credential-cache-key.js";
import { digestCallerSecrets } from "../local/cache/digest-caller-secrets.js";
import { digestSharedFiles } from "../local/cache/digest-shared-files.js";
import { ecrTokenCacheKey } from "../local/cache/ecr-token-cache.js";

/** What a cached ECR token is for (see {@link callerEcrTokenKey}). */
export interface CallerEcrTokenKeyInput {
  /** The registry host. */
  host: string;
  roleArn: string;
  externalId?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  /** The profile the role is assumed from, if any. */
  sourceProfile?: string | undefined;
}

/**
 * The ECR token cache key for one registry through one role by THIS caller: the endpoint override and the caller's
 * credential source (profile, shared files' digest, keyed digest of the secrets in the environment) are part of
 * it, so a token is only served to the caller that fetched it. Used by getEcrToken and by the credential helper's
 * fast path, so both compute the same key. Free of node:crypto and fs/promises.
 */
export function callerEcrTokenKey(input: CallerEcrTokenKeyInput): string {
  const env = input.env;
  return ecrTokenCacheKey({
    host: input.host,
    roleArn: input.roleArn,
    externalId: input.externalId,
    endpoint: env.AWS_ENDPOINT_URL_ECR ?? env.AWS_ENDPOINT_URL,
    caller: credentialSourceFingerprint({
      env,
      sourceProfile: input.sourceProfile,
      sharedFilesDigest: digestSharedFiles(env, input.home),
      secretsDigest: digestCallerSecrets(env),
    }),
  });
}
