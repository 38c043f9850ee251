import { parseEcrHost } from "../core/identifiers/parse-ecr-host.js";
import { resolveCredentialCacheDir } from "../local/cache/credential-cache.js";
import { readCachedEcrToken } from "../local/cache/read-cached-ecr-token.js";
import { SpecResolutionCache, specDigest } from "../local/cache/spec-resolution-cache.js";
import { readDockerEntriesState, resolveDockerConfigPath } from "../outputs/read-docker-config.js";
import { readSpecFile } from "../outputs/spec-file/read-spec-file.js";
import { callerEcrTokenKey } from "./caller-ecr-token-key.js";
import type { DockerCredential, DockerCredentialGetOptions } from "./docker-credential-get.js";
import { chooseDockerCredentialTarget, resolveHelperSpecPath } from "./docker-credential-target.js";

/**
 * dockerCredentialGet's answer when it comes from the caches alone: the spec's targets from the spec-resolution cache
 * (the spec's exact bytes unchanged), the routing sidecar, and a token cached for this registry, role and caller
 * (the same key getEcrToken uses, so the same binding to the caller's credentials). Undefined whenever anything
 * is missing, stale or wrong, having printed nothing: the full workflow then answers or reports. Loads neither the
 * spec parser, the AWS SDK, node:crypto nor fs/promises (the credential helper's CommonJS fast path).
 */
export async function cachedDockerCredential(
  options: Pick<DockerCredentialGetOptions, "serverUrl" | "env" | "home" | "cwd" | "version" | "now">,
): Promise<DockerCredential | undefined> {
  try {
    const registry = parseEcrHost(options.serverUrl);
    if (registry === undefined) return undefined;
    const env = options.env;
    const file = resolveHelperSpecPath(env, options.home, options.cwd);
    const cacheDir = resolveCredentialCacheDir(env, options.home);
    const targets = await new SpecResolutionCache(cacheDir, options.version).read(
      specDigest(readSpecFile(file)),
    );
    if (targets === undefined) return undefined;
    const state = await readDockerEntriesState(resolveDockerConfigPath(env, options.home));
    const routed = state.credHelpers[registry.host]?.target;
    const target = chooseDockerCredentialTarget(targets, registry.account, registry.region, routed);
    if (target === undefined) return undefined;
    const key = callerEcrTokenKey({
      host: registry.host,
      roleArn: target.roleArn,
      externalId: target.externalId,
      env,
      home: options.home,
      tokenVariables: [target.keyless?.tokenVariable],
    });
    const token = readCachedEcrToken(cacheDir, key, (options.now ?? (() => new Date()))());
    if (token === undefined) return undefined;
    return { ServerURL: options.serverUrl, Username: token.username, Secret: token.password };
  } catch {
    return undefined;
  }
}
