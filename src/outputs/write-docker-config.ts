import { mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { EnvironmentError } from "../core/errors.js";
import { withFileLock } from "../local/fs/with-file-lock.js";
import { checkWriteTarget, writeFileAtomic } from "../local/fs/write-file-atomic.js";
import {
  DOCKER_ENTRIES_FILE,
  type DockerConfig,
  type DockerConfigChange,
  type DockerEntriesState,
  parseDockerConfig,
  parseDockerEntriesState,
  renderDockerConfigChange,
  renderDockerEntriesState,
} from "./docker-config.js";
import { readDockerFileText } from "./read-docker-config.js";

/**
 * Reads config.json and crossrole's sidecar, applies `edit`, and writes both back when something changed: under
 * a lock (`config.json.lock`, so concurrent crossrole processes never lose each other's entries), atomically
 * (temp file, fsync, rename), mode 0600, directory 0700 when created. A missing file is an empty config.
 * Both files are written or neither: the sidecar is checked first, and config.json is restored byte for byte if
 * the sidecar write fails anyway.
 * @throws EnvironmentError `SYMLINK_REFUSED` when config.json is a symlink, `DOCKER_CONFIG_INVALID` (with
 *   line:column) when it is not JSON, `DOCKER_SIDECAR_UNWRITABLE` when the sidecar is a symlink or not a file;
 *   config.json is then left untouched.
 */
export async function updateDockerConfig<R extends DockerConfigChange>(
  path: string,
  edit: (config: DockerConfig, state: DockerEntriesState) => R,
): Promise<R> {
  const statePath = join(dirname(path), DOCKER_ENTRIES_FILE);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 }).catch((error: unknown) => {
    throw new EnvironmentError(
      "DOCKER_CONFIG_DIR",
      `cannot create ${dirname(path)}: ${(error as Error).message}`,
      { hint: "Point DOCKER_CONFIG at a writable directory.", cause: error },
    );
  });
  return withFileLock(path, async () => {
    const original = await readDockerFileText(path);
    const text = original ?? "";
    const config = parseDockerConfig(text, path);
    const state = parseDockerEntriesState(await readDockerFileText(statePath).catch(() => undefined));
    const result = edit(config, state);
    if (!result.changed) return result;
    // Both files change or neither: the sidecar is checked before config.json is touched, and config.json is put
    // back as it was if writing the sidecar still fails.
    await checkSidecarWritable(statePath, path);
    const options = { mode: 0o600, overwrite: true, dirMode: 0o700 };
    await writeFileAtomic(path, renderDockerConfigChange(text, config, result.config), options);
    try {
      await writeFileAtomic(statePath, renderDockerEntriesState(result.state), options);
    } catch (error) {
      await (original === undefined ? rm(path, { force: true }) : writeFileAtomic(path, original, options));
      throw sidecarUnwritable(statePath, path, error);
    }
    return result;
  });
}

// --- internal ---

/** The sidecar must be replaceable (missing, or a regular file; never a symlink) before config.json changes. */
async function checkSidecarWritable(statePath: string, configPath: string): Promise<void> {
  await checkWriteTarget(statePath, { overwrite: true }).catch((error: unknown) => {
    throw sidecarUnwritable(statePath, configPath, error);
  });
}

function sidecarUnwritable(statePath: string, configPath: string, error: unknown): EnvironmentError {
  return new EnvironmentError(
    "DOCKER_SIDECAR_UNWRITABLE",
    `cannot write crossrole's record of its docker entries, ${statePath}: ${(error as Error).message} ${configPath} was left as it was.`,
    {
      hint: `Remove ${statePath} (crossrole recreates it; only entries it records are ever removed by crossrole ecr logout), then run the command again.`,
      cause: error,
    },
  );
}
