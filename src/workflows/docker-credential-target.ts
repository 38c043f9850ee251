import { locateSpec } from "../outputs/spec-file/resolve-spec-path.js";
import type { EcrTargetRef } from "./resolve-ecr-targets.js";

/**
 * Where the helper finds the access spec: {@link locateSpec}'s rule for the helper. Docker runs it from an
 * arbitrary directory, so the working directory is not searched: `$CROSSROLE_CONFIG`, else
 * `$XDG_CONFIG_HOME/crossrole/crossrole.yaml` (when XDG_CONFIG_HOME is absolute), else
 * `~/.config/crossrole/crossrole.yaml`.
 */
export function resolveHelperSpecPath(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  cwd: string,
): string {
  return locateSpec({ env, cwd, userConfigHome: home }).path;
}

/**
 * The target that answers for a registry: the one routed to its host by `crossrole ecr configure-helper`, else
 * the first whose account owns the registry, preferring one in the registry's region.
 */
export function chooseDockerCredentialTarget(
  targets: readonly EcrTargetRef[],
  account: string,
  region: string,
  routed: string | undefined,
): EcrTargetRef | undefined {
  if (routed !== undefined) {
    const named = targets.find((t) => t.name === routed);
    if (named !== undefined) return named;
  }
  const same = targets.filter((t) => t.account === account);
  return same.find((t) => t.region === region) ?? same[0];
}
