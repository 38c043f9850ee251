import { dirname, join } from "node:path";
import { EnvironmentError } from "../core/errors.js";
import { LocalFileError, MIB, readLocalFile } from "../local/fs/read-local-file.js";
import {
  DOCKER_ENTRIES_FILE,
  type DockerConfig,
  type DockerEntriesState,
  parseDockerConfig,
  parseDockerEntriesState,
} from "./docker-config.js";

/** docker's config file: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function resolveDockerConfigPath(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  const dir = env.DOCKER_CONFIG;
  return join(dir !== undefined && dir !== "" ? dir : join(home, ".docker"), "config.json");
}

/** Reads config.json (for the helper and tests); undefined when it does not exist. Never follows a symlink. */
export async function readDockerConfig(path: string): Promise<DockerConfig | undefined> {
  const text = await readDockerFileText(path);
  return text === undefined ? undefined : parseDockerConfig(text, path);
}

/** crossrole's sidecar next to `configPath` (empty when missing or unreadable; never throws). */
export async function readDockerEntriesState(configPath: string): Promise<DockerEntriesState> {
  const text = await readDockerFileText(join(dirname(configPath), DOCKER_ENTRIES_FILE)).catch(
    () => undefined,
  );
  return parseDockerEntriesState(text);
}

// --- internal ---

/** config.json and the sidecar: small JSON files (docker's own grow by a line per registry). */
const DOCKER_FILE = {
  what: "docker config file",
  maxBytes: 4 * MIB,
  noFollow: true,
  hint: "Point DOCKER_CONFIG at a directory whose config.json is a regular file.",
};

/** A docker config file's text (config.json, the sidecar) without following a symlink; undefined when missing. */
export async function readDockerFileText(path: string): Promise<string | undefined> {
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
