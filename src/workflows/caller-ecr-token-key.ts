import { DEFAULT_ID_TOKEN_VARIABLE } from "../core/identifiers/oidc-issuers.js";
import { credentialSourceFingerprint } from "../core/session/credential-cache-key.js";
import { digestCallerSecrets, digestCiTokenBinding } from "../local/cache/digest-caller-secrets.js";
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
  /** Keyless builds: the variables a CI token may be in (the spec's tokenVariable, --id-token-variable). */
  tokenVariables?: readonly (string | undefined)[] | undefined;
}

/**
 * The ECR token cache key for one registry through one role by THIS caller: the endpoint override and the caller's
 * credential source (profile, shared files' digest, keyed digest of the secrets in the environment) are part of
 * it, so a token is only served to the caller that fetched it. Used by getEcrToken and by the credential helper's
 * fast path, so both compute the same key. Free of node:crypto and fs/promises.
 */
export function callerEcrTokenKey(input: CallerEcrTokenKeyInput): string {
  const env = input.env;
  const ci = ciTokenSourcesDigest(env, input.tokenVariables ?? []);
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
      ...(ci === undefined
        ? {}
        : {
            webIdentity: { buildRoleArn: "", issuer: "", subject: "", audience: "", binding: ci },
          }),
    }),
  });
}

/**
 * Keyless builds: a keyed digest of every CI token source in the environment (GitHub's per-job request token and
 * URL, the token variables), so a token fetched with one job's CI token is never served to another job's; undefined
 * when there is none (keys stay what they were). Computed without reading the token's claims (no request to GitHub
 * on a hit).
 */
function ciTokenSourcesDigest(
  env: Readonly<Record<string, string | undefined>>,
  tokenVariables: readonly (string | undefined)[],
): string | undefined {
  const names = [DEFAULT_ID_TOKEN_VARIABLE, ...tokenVariables].filter((n) => n !== undefined);
  const parts = [
    "ACTIONS_ID_TOKEN_REQUEST_URL",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    ...[...new Set(names)].sort(),
  ].map((name) => `${name}=${env[name] ?? ""}`);
  return parts.every((p) => p.endsWith("=")) ? undefined : digestCiTokenBinding(parts);
}
