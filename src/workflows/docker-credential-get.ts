import { parseEcrHost } from "../core/identifiers/parse-ecr-host.js";
import { resolveCredentialCacheDir } from "../local/cache/credential-cache.js";
import { readDockerEntriesState, resolveDockerConfigPath } from "../outputs/read-docker-config.js";
import type { AssumeTargetOptions } from "./assume-target.js";
import { chooseDockerCredentialTarget, resolveHelperSpecPath } from "./docker-credential-target.js";
import { type EcrAdapterLoader, getEcrToken } from "./get-ecr-token.js";
import { resolveEcrTargets } from "./resolve-ecr-targets.js";

/** Options of {@link dockerCredentialGet}. */
export interface DockerCredentialGetOptions {
  /** What docker wrote on the helper's stdin: a host or `https://host[/path]`. */
  serverUrl: string;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  cwd: string;
  /** For the session name outside CI. */
  user: string;
  host: string;
  version: string;
  now?: () => Date;
  loadEcr?: EcrAdapterLoader;
}

/** The credential-helper protocol's answer to `get`. `Secret` is the registry password. */
export interface DockerCredential {
  ServerURL: string;
  Username: string;
  Secret: string;
}

/**
 * Answers docker's `get` for an ECR registry host: the spec target routed to it by `crossrole ecr configure-helper`
 * (recorded next to config.json), else the target whose account owns the registry (preferring one in the
 * registry's region). Undefined when the host is not ECR or no target matches: the helper then says "credentials
 * not found" and docker carries on anonymously. A token cache hit loads no AWS SDK.
 */
export async function dockerCredentialGet(
  options: DockerCredentialGetOptions,
): Promise<DockerCredential | undefined> {
  const registry = parseEcrHost(options.serverUrl);
  if (registry === undefined) return undefined;
  const env = options.env;
  const file = resolveHelperSpecPath(env, options.home, options.cwd);
  const cacheDir = resolveCredentialCacheDir(env, options.home);
  const targets = await resolveEcrTargets({ file, cacheDir, cache: true, version: options.version });
  const state = await readDockerEntriesState(resolveDockerConfigPath(env, options.home));
  const routed = state.credHelpers[registry.host]?.target;
  const target = chooseDockerCredentialTarget(targets, registry.account, registry.region, routed);
  if (target === undefined) return undefined;
  const assume: AssumeTargetOptions = {
    target: { kind: "spec", file, target: target.name },
    env,
    home: options.home,
    user: options.user,
    host: options.host,
    version: options.version,
  };
  const result = await getEcrToken({
    assume,
    roleArn: target.roleArn,
    externalId: target.externalId,
    tokenVariable: target.keyless?.tokenVariable,
    registry,
    cacheDir,
    cache: true,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.loadEcr === undefined ? {} : { loadEcr: options.loadEcr }),
  });
  return { ServerURL: options.serverUrl, Username: result.token.username, Secret: result.token.password };
}
