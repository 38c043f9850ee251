import { tmpdir } from "node:os";
import { join } from "node:path";
import { localIdentity } from "../cli/local-identity.js";
import { specNotFoundError } from "../cli/spec-in-use.js";
import { resolveHomeDir } from "../local/fs/resolve-home-dir.js";
import { locateSpec } from "../outputs/spec-file/resolve-spec-path.js";
import type { AssumeTargetOptions, AssumeTargetSource } from "../workflows/assume-target.js";
import type { ActionInputs } from "./action-inputs.js";

/** The roles a step assumes and how, from its inputs and environment. */
export interface ActionRoles {
  /** One per target (or the one role-arn), in input order. */
  sources: AssumeTargetSource[];
  /** The assume options every role shares. */
  base: Omit<AssumeTargetOptions, "target">;
  /** The spec used (undefined with role-arn). */
  specFile?: string;
  cacheDir: string;
  home: string;
  /** $GITHUB_WORKSPACE (where the spec search starts), else the process's directory. */
  cwd: string;
}

/**
 * Which roles, found as the CLI finds them: the spec is input `spec`, else $CROSSROLE_CONFIG, else the upward
 * search from the workspace; the credential cache is $CROSSROLE_CACHE_DIR, else one directory per job under
 * $RUNNER_TEMP (never a directory a shared CI cache restores).
 * @throws UsageError when no spec is found.
 */
export function resolveActionRoles(
  inputs: ActionInputs,
  env: Record<string, string | undefined>,
  processCwd: string,
  version: string,
): ActionRoles {
  const home = resolveHomeDir(env);
  const cwd = nonEmpty(env.GITHUB_WORKSPACE) ?? processCwd;
  const cacheDir =
    nonEmpty(env.CROSSROLE_CACHE_DIR) ?? join(nonEmpty(env.RUNNER_TEMP) ?? tmpdir(), "crossrole");
  let specFile: string | undefined;
  if (inputs.roleArn === undefined) {
    const location = locateSpec({ flag: inputs.spec, env, cwd, home });
    const error = specNotFoundError(location, cwd);
    if (error !== undefined) throw error;
    specFile = location.path;
  }
  const sources: AssumeTargetSource[] =
    inputs.roleArn !== undefined
      ? [{ kind: "role", roleArn: inputs.roleArn, externalId: inputs.externalId }]
      : inputs.targets.map((target) => ({ kind: "spec", file: specFile as string, target }));
  const base: Omit<AssumeTargetOptions, "target"> = {
    env,
    home,
    ...localIdentity(env),
    sessionName: inputs.sessionName,
    durationSeconds: inputs.durationSeconds,
    region: inputs.region,
    cacheDir,
    version,
  };
  const roles: ActionRoles = { sources, base, cacheDir, home, cwd };
  if (specFile !== undefined) roles.specFile = specFile;
  return roles;
}

/** A value that counts only when set and not empty. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
