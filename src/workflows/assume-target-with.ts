import type { AwsClientConfig } from "../aws/aws-client-config.js";
import { UsageError } from "../core/errors.js";
import { checkEndpointUrl } from "../core/identifiers/check-endpoint-url.js";
import { allowsUnknownRegion, checkRegionName } from "../core/identifiers/check-region-name.js";
import type { KeylessBuild } from "../core/plan/keyless-build.js";
import type { ResolvedTarget } from "../core/plan/resolved-target.js";
import type { SessionCredentials, StsPort } from "../core/ports/sts-port.js";
import { selectCiTokenSource } from "../core/session/ci-token-source.js";
import {
  credentialCacheKey,
  credentialSourceFingerprint,
  type SessionTag,
} from "../core/session/credential-cache-key.js";
import { deriveSessionName } from "../core/session/derive-session-name.js";
import type { AssumeRoleParameters } from "../core/session/validate-assume-request.js";
import {
  type CachedSession,
  CredentialCache,
  resolveCredentialCacheDir,
} from "../local/cache/credential-cache.js";
import { digestCallerSecrets } from "../local/cache/digest-caller-secrets.js";
import { digestSharedFiles } from "../local/cache/digest-shared-files.js";
import { type KnownTarget, recordKnownTargets, resolveKnownTarget } from "./resolve-known-target.js";
import { sourceProfileName, sourceProfileRegion } from "./source-profile-region.js";

/** Which role to assume: a target of an access spec, or an ad hoc role ARN + ExternalId. */
export type AssumeTargetSource =
  | { kind: "spec"; file: string; target: string }
  | { kind: "role"; roleArn: string; externalId?: string | undefined };

/** How the workflow reaches STS; tests pass a fake. Loaded only on a cache miss. */
export type StsAdapterLoader = () => Promise<{ createStsAdapter: (config: AwsClientConfig) => StsPort }>;

export interface AssumeTargetOptions {
  target: AssumeTargetSource;
  /** The process environment (CI metadata, AWS_* settings, cache location). */
  env: Readonly<Record<string, string | undefined>>;
  /** Home directory (default cache and AWS config file locations). */
  home: string;
  /** For the `user@host` session name outside CI. */
  user: string;
  host: string;
  sessionName?: string | undefined;
  /** Requested session length, default 3600. */
  durationSeconds?: number | undefined;
  sourceIdentity?: string | undefined;
  tags?: readonly SessionTag[] | undefined;
  /** Source credentials from this profile instead of the SDK's default chain. */
  sourceProfile?: string | undefined;
  /**
   * `--id-token-variable`: a keyless spec's BUILD hop takes the CI token from this variable. Without it, a spec
   * with `build.oidc` and no explicit source takes `build.oidc.tokenVariable` (default CROSSROLE_ID_TOKEN) or
   * GitHub Actions' token endpoint (see selectCiTokenSource).
   */
  idTokenVariable?: string | undefined;
  region?: string | undefined;
  /** `--endpoint-url`: overrides AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL. */
  endpoint?: string | undefined;
  /** Reuse a cached session only if it stays valid this long (default 600 s). */
  minTtlSeconds?: number | undefined;
  /**
   * false: neither read nor write the credential cache, and write nothing at all (default true). The spec-resolution
   * cache, which holds no credentials, is still read.
   */
  cache?: boolean | undefined;
  /** Default: {@link resolveCredentialCacheDir}. */
  cacheDir?: string | undefined;
  /** crossrole's version, part of the spec-resolution cache key. */
  version?: string | undefined;
  now?: () => Date;
  loadSts?: StsAdapterLoader | undefined;
}

export interface AssumeTargetResult {
  credentials: SessionCredentials;
  /** The role assumed. */
  roleArn: string;
  /** `arn:aws:sts::…:assumed-role/ROLE/SESSION`, when STS reported it. */
  assumedRoleArn?: string;
  expiration: Date;
  fromCache: boolean;
  /** Region for the credentials' consumers (AWS_REGION). */
  region: string;
  sessionName: string;
  /** The spec target's name (spec targets only). */
  targetName?: string;
  /** Things the user should know (duration clamped, cache unusable, ...). Never secrets. */
  warnings: string[];
  /** Keyless builds: the BUILD hop was made with a CI token (AssumeRoleWithWebIdentity) under this session name. */
  buildSessionName?: string;
  /** The ExternalId sent, when the role has one: for reports, which show it masked (maskExternalId) only. */
  externalId?: string;
}

/** Default session length (R6). */
export const DEFAULT_DURATION_SECONDS = 3600;
/** Default refresh margin: a cached session is reused until 10 minutes before it expires. */
export const DEFAULT_MIN_TTL_SECONDS = 600;
/** Role-chaining cap (R8). */
export const ROLE_CHAINING_MAX_SECONDS = 3600;

/**
 * How {@link assumeTargetWith} resolves a spec target the caches and the light reader do not know, and reaches
 * STS. Injected, so that the assume fast path's module graph holds neither the spec parser (yaml, zod) nor the
 * ES-module STS adapter: the public `assumeTarget` (assume-target.ts) passes both.
 */
export interface AssumeTargetWiring {
  /** Parses the spec for a target not known without it (`known`: the bytes read); none: return undefined. */
  parseSpecTarget?: ((source: SpecTargetSource, known: KnownTarget) => Promise<ResolvedTarget>) | undefined;
  /** How to load the STS adapter on a credential cache miss (`options.loadSts` comes first). */
  loadSts?: StsAdapterLoader | undefined;
}

/** A spec target to assume. */
export type SpecTargetSource = Extract<AssumeTargetSource, { kind: "spec" }>;

/**
 * Assumes a target's role, through the credential cache. Order: resolve the target (from the spec-resolution
 * cache when the spec file is unchanged, else with the light reader of common specs, else with
 * `wiring.parseSpecTarget`), look the session up in the cache, and only on a miss validate every parameter
 * (still before any network call), load the STS adapter (and with it the AWS SDK) and call AssumeRole. Cache
 * hits therefore cost no SDK load, no YAML parse and no network. Concurrent misses for one key make one call.
 * Undefined when the target needs `parseSpecTarget` and none was given.
 *
 * Role chaining: when more than 3600 s are asked for, the caller is checked with GetCallerIdentity; if it is an
 * assumed-role session, the duration is clamped to 3600 s (R8) with a warning. An EC2 instance role's session
 * (session name `i-…`) is not clamped, since AWS exempts it; this is a heuristic, as the ARN alone cannot prove
 * it: if STS then refuses, pass --duration 3600.
 */
export async function assumeTargetWith(
  options: AssumeTargetOptions,
  wiring: AssumeTargetWiring,
): Promise<AssumeTargetResult | undefined> {
  return assume(options, wiring);
}

// --- internal ---

const SPEC_REGION = "the spec's region";

async function assume(
  options: AssumeTargetOptions,
  wiring: AssumeTargetWiring,
): Promise<AssumeTargetResult | undefined> {
  const useCache = options.cache ?? true;
  const cacheDir = options.cacheDir ?? resolveCredentialCacheDir(options.env, options.home);
  const resolved = await resolveTarget(options.target, {
    cacheDir,
    version: options.version ?? "dev",
    parse: wiring.parseSpecTarget,
    record: useCache,
  });
  try {
    return resolved.target === undefined
      ? undefined
      : await assumeResolved(resolved.target, options, wiring, { cacheDir, useCache });
  } finally {
    // Recorded in the background (best effort, never throws): the ~12 awaited file operations of an atomic
    // write were an eighth of an ephemeral runner's first assume, and they overlap the AssumeRole instead.
    await resolved.recorded;
  }
}

async function assumeResolved(
  target: Target,
  options: AssumeTargetOptions,
  wiring: AssumeTargetWiring,
  { cacheDir, useCache }: { cacheDir: string; useCache: boolean },
): Promise<AssumeTargetResult> {
  const env = options.env;
  const warnings: string[] = [];
  // The one region order of every command: --region, the spec's, the environment's, the source profile's.
  const region =
    firstSet([
      ["--region", options.region],
      [SPEC_REGION, target.region],
      ["AWS_REGION", env.AWS_REGION],
      ["AWS_DEFAULT_REGION", env.AWS_DEFAULT_REGION],
    ]) ?? sourceProfileRegion(env, options.home, options.sourceProfile);
  if (region === undefined) {
    throw new UsageError("no AWS region is set.", {
      hint: `Pass --region, set AWS_REGION, or give profile ${sourceProfileName(env, options.sourceProfile)} a region (a spec target takes the spec's region).`,
    });
  }
  // A spec region was checked against AWS's list when the spec was parsed (with the spec's own opt-out); the others
  // are checked here, the environment's CROSSROLE_ALLOW_UNKNOWN_REGION=1 letting a region newer than the list by.
  checkRegionName(region.value, region.source, {
    allowUnknown: region.source === SPEC_REGION || allowsUnknownRegion(env),
  });
  // Checked here too, not only where the SDK client is made: a cache hit never makes one.
  const endpointSource = firstSet([
    ["--endpoint-url", options.endpoint],
    ["AWS_ENDPOINT_URL_STS", env.AWS_ENDPOINT_URL_STS],
    ["AWS_ENDPOINT_URL", env.AWS_ENDPOINT_URL],
  ]);
  if (endpointSource !== undefined) checkEndpointUrl(endpointSource.value, endpointSource.source);
  const durationSeconds = options.durationSeconds ?? DEFAULT_DURATION_SECONDS;
  // Keyless builds: a CI token makes the BUILD hop (read now: its claims are part of the cache key).
  const ciSource = selectCiTokenSource(env, target.keyless, {
    sourceProfile: options.sourceProfile,
    tokenVariable: options.idTokenVariable,
  });
  const ci =
    ciSource === undefined
      ? undefined
      : await (await import("./read-ci-token.js")).readCiToken(ciSource, env);
  const keyless = target.keyless as KeylessBuild; // set whenever ci is
  const params: AssumeRoleParameters = {
    roleArn: target.roleArn,
    externalId: target.externalId,
    sessionName:
      options.sessionName ?? deriveSessionName(env, { user: options.user, host: options.host }).name,
    durationSeconds,
    sourceIdentity: options.sourceIdentity,
    tags: options.tags,
  };
  if (target.maxSessionDuration !== undefined && durationSeconds > target.maxSessionDuration) {
    throw new UsageError(
      `--duration ${durationSeconds} exceeds the role's MaxSessionDuration (${target.maxSessionDuration} s in the spec).`,
      {
        hint: `Pass --duration ${target.maxSessionDuration} or less, or raise maxSessionDuration in the spec and apply.`,
      },
    );
  }
  const minTtlSeconds = options.minTtlSeconds ?? DEFAULT_MIN_TTL_SECONDS;

  const endpoint = endpointSource?.value;
  const produce = async (): Promise<CachedSession> => {
    const loadSts = options.loadSts ?? wiring.loadSts;
    if (loadSts === undefined) throw new Error("assumeTargetWith: no STS adapter loader");
    const { createStsAdapter } = await loadSts();
    const sts = createStsAdapter({
      region: region.value,
      endpoint: options.endpoint,
      profile: options.sourceProfile,
      ...(ci === undefined
        ? {}
        : {
            webIdentity: {
              roleArn: keyless.buildRoleArn,
              sessionName: ci.sessionName,
              origin: ci.origin,
              token: ci.next,
            },
          }),
    });
    const produced: string[] = [];
    let request = params;
    if (ci !== undefined && durationSeconds > ROLE_CHAINING_MAX_SECONDS) {
      // The BUILD hop is a web identity session: the target hop is role chaining, capped at 1 h.
      request = { ...params, durationSeconds: ROLE_CHAINING_MAX_SECONDS };
      produced.push(
        `the BUILD hop is a web identity session (${keyless.buildRoleArn}): role chaining caps the target session at 1 h, so the duration was lowered from ${durationSeconds} to ${ROLE_CHAINING_MAX_SECONDS} s.`,
      );
    } else if (durationSeconds > ROLE_CHAINING_MAX_SECONDS) {
      const caller = await sts.getCallerIdentity();
      const chained = /^arn:[\w-]+:sts::\d{12}:assumed-role\/[^/]+\/(.+)$/.exec(caller.arn);
      if (chained !== null && /^i-[0-9a-f]{8,17}$/.test(chained[1] ?? "")) {
        produced.push(
          `the source credentials look like an EC2 instance role (${caller.arn}), which AWS exempts from the 1 h role-chaining cap; if STS refuses ${durationSeconds} s, pass --duration 3600.`,
        );
      } else if (chained !== null) {
        request = { ...params, durationSeconds: ROLE_CHAINING_MAX_SECONDS };
        produced.push(
          `the source credentials are an assumed-role session (${caller.arn}): role chaining caps sessions at 1 h, so the duration was lowered from ${durationSeconds} to ${ROLE_CHAINING_MAX_SECONDS} s.`,
        );
      }
    }
    const assumed = await sts.assumeRole(request, { expectedPrincipalArn: target.principalArn });
    const session: CachedSession = { credentials: assumed.credentials, roleArn: target.roleArn };
    if (assumed.assumedRoleArn !== undefined) session.assumedRoleArn = assumed.assumedRoleArn;
    if (produced.length > 0) session.warnings = produced;
    return session;
  };

  // Cache first. A hit needs no validation: its key holds every parameter, and an entry is only ever written
  // after those exact parameters passed validation. Validation (and its patterns) is loaded on a miss only.
  const cache = useCache
    ? new CredentialCache(cacheDir, options.now === undefined ? {} : { now: options.now })
    : undefined;
  const key =
    cache === undefined
      ? ""
      : credentialCacheKey({
          ...params,
          endpoint,
          caller: credentialSourceFingerprint({
            env,
            sourceProfile: options.sourceProfile,
            sharedFilesDigest: digestSharedFiles(env, options.home),
            secretsDigest: digestCallerSecrets(env),
            webIdentity:
              ci === undefined
                ? undefined
                : {
                    buildRoleArn: keyless.buildRoleArn,
                    issuer: ci.claims.iss,
                    subject: ci.claims.sub,
                    audience: ci.claims.aud,
                    binding: ci.binding,
                  },
          }),
        });
  let session = cache === undefined ? undefined : await cache.read(key, minTtlSeconds);
  let fromCache = session !== undefined;
  if (session === undefined) {
    const { validateAssumeRequest } = await import("../core/session/validate-assume-request.js");
    validateAssumeRequest(params);
    // (A hit is impossible when min-ttl >= duration, so checking on a miss is enough.)
    if (!Number.isInteger(minTtlSeconds) || minTtlSeconds < 0 || minTtlSeconds >= durationSeconds) {
      throw new UsageError(
        `--min-ttl ${minTtlSeconds} must be a whole number of seconds below the session duration (${durationSeconds}).`,
      );
    }
    if (cache === undefined) {
      session = await produce();
    } else {
      const lookup = await cache.getOrCreate(key, minTtlSeconds, produce);
      session = lookup.session;
      fromCache = lookup.fromCache;
      if (lookup.warning !== undefined) warnings.push(lookup.warning);
    }
  }
  warnings.push(...(session.warnings ?? []));

  const result: AssumeTargetResult = {
    credentials: session.credentials,
    roleArn: session.roleArn,
    expiration: session.credentials.expiration,
    fromCache,
    region: region.value,
    sessionName: params.sessionName,
    warnings,
  };
  if (session.assumedRoleArn !== undefined) result.assumedRoleArn = session.assumedRoleArn;
  if (target.name !== undefined) result.targetName = target.name;
  if (ci !== undefined) result.buildSessionName = ci.sessionName;
  if (target.externalId !== undefined) result.externalId = target.externalId;
  return result;
}

interface Target {
  name?: string;
  roleArn: string;
  externalId?: string | undefined;
  region?: string;
  maxSessionDuration?: number;
  principalArn?: string;
  keyless?: KeylessBuild;
}

/**
 * The target, and the spec-resolution cache's record of what the light reader resolved, still being written (it
 * never rejects: the cache is best effort).
 */
async function resolveTarget(
  source: AssumeTargetSource,
  how: { cacheDir: string; version: string; parse: AssumeTargetWiring["parseSpecTarget"]; record: boolean },
): Promise<{ target: Target | undefined; recorded: Promise<void> }> {
  const recorded = Promise.resolve();
  if (source.kind === "role") {
    return { target: { roleArn: source.roleArn, externalId: source.externalId }, recorded };
  }
  const known = await resolveKnownTarget(source.file, source.target, how);
  if (known.target !== undefined) {
    if (how.record)
      return { target: known.target, recorded: recordKnownTargets(known).catch(() => undefined) };
    return { target: known.target, recorded };
  }
  return { target: how.parse === undefined ? undefined : await how.parse(source, known), recorded };
}

/** The first of several places a setting can come from that holds a non-empty value, and which place it was. */
function firstSet(
  places: ReadonlyArray<readonly [source: string, value: string | undefined]>,
): { source: string; value: string } | undefined {
  for (const [source, value] of places) if (value !== undefined && value !== "") return { source, value };
  return undefined;
}
