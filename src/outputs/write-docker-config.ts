import { mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { EnvironmentError } from "../core/errors.js";
import { LocalFileError, MIB, readLocalFile } from "../local/fs/read-local-file.js";
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

/** docker's config file: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function resolveDockerConfigPath(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  const dir = env.DOCKER_CONFIG;
  return join(dir !== undefined && dir !== "" ? dir : join(home, ".docker"), "config.json");
}

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
    const original = await readNoFollow(path);
    const text = original ?? "";
    const config = parseDockerConfig(text, path);
    const state = parseDockerEntriesState(await readNoFollow(statePath).catch(() => undefined));
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

/** Reads config.json (for the helper and tests); undefined when it does not exist. Never follows a symlink. */
export async function readDockerConfig(path: string): Promise<DockerConfig | undefined> {
  const text = await readNoFollow(path);
  return text === undefined ? undefined : parseDockerConfig(text, path);
}

/** crossrole's sidecar next to `configPath` (empty when missing or unreadable; never throws). */
export async function readDockerEntriesState(configPath: string): Promise<DockerEntriesState> {
  const text = await readNoFollow(join(dirname(configPath), DOCKER_ENTRIES_FILE)).catch(() => undefined);
  return parseDockerEntriesState(text);
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

/** config.json and the sidecar: small JSON files (docker's own grow by a line per registry). */
const DOCKER_FILE = {
  what: "docker config file",
  maxBytes: 4 * MIB,
  noFollow: true,
  hint: "Point DOCKER_CONFIG at a directory whose config.json is a regular file.",
};

/** The file's text without following a symlink; undefined when missing. */
async function readNoFollow(path: string): Promise<string | undefined> {
  try {
    return readLocalFile(path, DOCKER_FILE)?.toString("utf8");
  } catch (error) {
    if (error instanceof LocalFileError && error.problem === "symlink") {
      throw new EnvironmentError(
        "SYMLINK_REFUSED",
        `${path} is a symbolic link; crossrole will not read or replace it.`,
        { hint: "Point DOCKER_CONFIG at a directory with a real config.json, or remove the link." },
      );
    }
    if (error instanceof LocalFileError && error.problem === "unreadable")
      throw unreadable(path, error.cause);
    throw error;
  }
}

function unreadable(path: string, error: unknown): EnvironmentError {
  const code = (error as NodeJS.ErrnoException).code;
  return new EnvironmentError(
    "DOCKER_CONFIG_UNREADABLE",
    `cannot read ${path}: ${code === "EACCES" ? "permission denied" : (error as Error).message}`,
    { hint: "Check the file's owner and permissions, or point DOCKER_CONFIG elsewhere.", cause: error },
  );
}
