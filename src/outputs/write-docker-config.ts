import { constants } from "node:fs";
import { lstat, mkdir, open } from "node:fs/promises";
import { dirname, join } from "node:path";
import { EnvironmentError } from "../core/errors.js";
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
import { withFileLock } from "./with-file-lock.js";
import { writeFileAtomic } from "./write-file-atomic.js";

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
 * @throws EnvironmentError `SYMLINK_REFUSED` when config.json is a symlink, `DOCKER_CONFIG_INVALID` (with
 *   line:column) when it is not JSON; the file is then left untouched.
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
    const text = (await readNoFollow(path)) ?? "";
    const config = parseDockerConfig(text, path);
    const state = parseDockerEntriesState(await readNoFollow(statePath).catch(() => undefined));
    const result = edit(config, state);
    if (!result.changed) return result;
    const options = { mode: 0o600, overwrite: true, dirMode: 0o700 };
    await writeFileAtomic(path, renderDockerConfigChange(text, config, result.config), options);
    await writeFileAtomic(statePath, renderDockerEntriesState(result.state), options);
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

async function readNoFollow(path: string): Promise<string | undefined> {
  const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw unreadable(path, error);
  });
  if (info === undefined) return undefined;
  if (info.isSymbolicLink()) {
    throw new EnvironmentError(
      "SYMLINK_REFUSED",
      `${path} is a symbolic link; crossrole will not read or replace it.`,
      { hint: "Point DOCKER_CONFIG at a directory with a real config.json, or remove the link." },
    );
  }
  if (!info.isFile()) throw new EnvironmentError("NOT_A_FILE", `${path} is not a regular file.`);
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw unreadable(path, error);
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
