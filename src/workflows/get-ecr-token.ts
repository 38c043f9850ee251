import type { AwsClientConfig } from "../aws/aws-client-config.js";
import type { EcrRegistryHost } from "../core/identifiers/parse-ecr-host.js";
import { parseEcrHost } from "../core/identifiers/parse-ecr-host.js";
import type { EcrPort } from "../core/ports/ecr-port.js";
import { decodeEcrToken, ecrTokenLifetime } from "../core/session/ecr-token.js";
import { type CachedEcrToken, EcrTokenCache } from "../local/cache/ecr-token-cache.js";
import { type AssumeTargetOptions, assumeTarget } from "./assume-target.js";
import { callerEcrTokenKey } from "./caller-ecr-token-key.js";

/** How the workflow reaches ECR; tests pass a fake. Loaded only on a cache miss. */
export type EcrAdapterLoader = () => Promise<{ createEcrAdapter: (config: AwsClientConfig) => EcrPort }>;

/** Options of {@link getEcrToken}. */
export interface GetEcrTokenOptions {
  /** How to assume the role that reads the registry (a spec target or an ad hoc role). */
  assume: AssumeTargetOptions;
  /** The role `assume` will assume and its ExternalId: known up front, so a cache hit assumes nothing. */
  roleArn: string;
  externalId?: string | undefined;
  /** Keyless builds: the spec's `build.oidc.tokenVariable`, part of the token cache key. */
  tokenVariable?: string | undefined;
  registry: EcrRegistryHost;
  /** The credential cache directory; tokens go to its `ecr/` subdirectory. */
  cacheDir: string;
  /** false: neither read nor write the token cache (the credential cache follows `assume.cache`). */
  cache: boolean;
  now?: () => Date;
  loadEcr?: EcrAdapterLoader;
}

/** A registry's docker login and where it came from. */
export interface EcrTokenResult {
  token: CachedEcrToken;
  fromCache: boolean;
  /** Never secrets. */
  warnings: string[];
}

/**
 * The docker login for one registry through one role: from the token cache while the token is in the first half
 * of its life, else by assuming the role (through the credential cache) and calling ecr:GetAuthorizationToken for
 * the registry's account in its region. A cache hit loads no AWS SDK and makes no network call.
 */
export async function getEcrToken(options: GetEcrTokenOptions): Promise<EcrTokenResult> {
  const env = options.assume.env;
  const warnings: string[] = [];
  const now = options.now ?? (() => new Date());
  const fetch = async (): Promise<CachedEcrToken> => {
    const assumed = await assumeTarget(options.assume);
    warnings.push(...assumed.warnings);
    const loadEcr: EcrAdapterLoader = options.loadEcr ?? (() => import("../aws/ecr-adapter.js"));
    const { createEcrAdapter } = await loadEcr();
    const ecr = createEcrAdapter({ region: options.registry.region, credentials: assumed.credentials });
    const issuedAt = now();
    const authorizations = await ecr.getAuthorizationTokens([options.registry.account]);
    const auth =
      authorizations.find((a) => parseEcrHost(a.proxyEndpoint)?.account === options.registry.account) ??
      authorizations[0];
    if (auth === undefined) throw new Error("unreachable: the adapter returns at least one authorization");
    const login = decodeEcrToken(auth.authorizationToken);
    const lifetime = ecrTokenLifetime(issuedAt, auth.expiresAt);
    return { host: options.registry.host, ...login, ...lifetime };
  };
  if (!options.cache) return { token: await fetch(), fromCache: false, warnings };

  const key = callerEcrTokenKey({
    host: options.registry.host,
    roleArn: options.roleArn,
    externalId: options.externalId,
    env,
    home: options.assume.home,
    sourceProfile: options.assume.sourceProfile,
    tokenVariables: [options.tokenVariable, options.assume.idTokenVariable],
  });
  const cache = new EcrTokenCache(options.cacheDir, { now });
  const lookup = await cache.getOrCreate(key, fetch);
  if (lookup.warning !== undefined) warnings.push(lookup.warning);
  return { token: lookup.token, fromCache: lookup.fromCache, warnings };
}
