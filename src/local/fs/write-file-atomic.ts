import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { link, lstat, mkdir, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { CrossroleError, EnvironmentError, FileExistsError } from "../../core/errors.js";
import { removeWriteLeftovers } from "./remove-write-leftovers.js";

/** How writeFileAtomic may write. */
export interface WriteFileAtomicOptions {
  /** File mode, applied exactly (not masked by the umask), e.g. 0o600 for credentials. @default 0o644, less the umask */
  mode?: number;
  /** Replace an existing file. Without it an existing file is a FileExistsError. */
  overwrite: boolean;
  /** Mode for parent directories that have to be created, e.g. 0o700. @default 0o777, less the umask */
  dirMode?: number;
  /**
   * Replace a symlink at `path` (the link itself, never its target) instead of refusing it. For files only
   * crossrole writes (cache entries), where a link is at best a leftover; a user's file may be a link on purpose.
   * @default false
   */
  replaceSymlink?: boolean;
}

/**
 * The one atomic writer: readers see the old content or the new, never a half-written file. A temp file in the same
 * directory (`.NAME.PID.HEX.tmp`, created exclusively, never through a symlink), written, fsynced, renamed over the
 * target, then the directory fsynced so the rename survives a crash. Creates missing parent directories. The temp
 * file is removed on any failure; what a killed writer of the same file left is removed first
 * ({@link removeWriteLeftovers}, which knows the temp name).
 * @throws EnvironmentError `SYMLINK_REFUSED` when `path` is a symlink (replacing it would silently break the link;
 *   see `replaceSymlink`), `NOT_A_FILE` when it is a directory, `WRITE_FAILED` for I/O errors.
 * @throws FileExistsError when `path` exists and `overwrite` is false (checked atomically, not just up front).
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions,
): Promise<void> {
  const replaceSymlink = options.replaceSymlink ?? false;
  await refuseExisting(path, options.overwrite, replaceSymlink);
  await removeWriteLeftovers(path);
  // The PID in the name tells removeWriteLeftovers whose it is, should this process be killed before the rename.
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await mkdir(dirname(path), {
      recursive: true,
      ...(options.dirMode === undefined ? {} : { mode: options.dirMode }),
    });
    await writeTemp(temp, data, options.mode);
    await moveIntoPlace(temp, path, options.overwrite, replaceSymlink);
    await syncDirectory(dirname(path));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    if (error instanceof CrossroleError) throw error;
    throw new EnvironmentError("WRITE_FAILED", `could not write ${path}: ${describeIoError(error)}`, {
      cause: error,
    });
  }
}

/**
 * Checks, without writing, that {@link writeFileAtomic} could put a file at `path`: not a symlink, not a directory,
 * and (without `overwrite`) not there at all. For callers that must know before a step they cannot undo.
 * @throws the errors writeFileAtomic would throw for them.
 */
export function checkWriteTarget(path: string, options: { overwrite: boolean }): Promise<void> {
  return refuseExisting(path, options.overwrite);
}

// --- internal ---

async function refuseExisting(path: string, overwrite: boolean, replaceSymlink = false): Promise<void> {
  const stats = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new EnvironmentError("WRITE_FAILED", `could not check ${path}: ${describeIoError(error)}`, {
      cause: error,
    });
  });
  if (stats === undefined) return;
  if (stats.isSymbolicLink() && !(replaceSymlink && overwrite)) {
    throw new EnvironmentError(
      "SYMLINK_REFUSED",
      `${path} is a symbolic link; crossrole will not write through or replace it.`,
      {
        hint: "Write to the link's target path instead, or remove the link.",
      },
    );
  }
  if (stats.isDirectory()) throw new EnvironmentError("NOT_A_FILE", `${path} is a directory, not a file.`);
  if (!overwrite) throw new FileExistsError(path);
}

async function writeTemp(temp: string, data: string | Uint8Array, mode: number | undefined): Promise<void> {
  // O_CREAT | O_EXCL (| O_NOFOLLOW, belt and braces): never follows or reuses something already at the temp path.
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const handle = await open(temp, flags, mode ?? 0o644);
  try {
    // The mode given to open() is masked by the umask; an explicit mode (e.g. 0o600) must be exact.
    if (mode !== undefined) await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Without overwrite, link() fails if the target appeared since the check, where rename() would silently replace
 * it. Filesystems without hard links fall back to a re-check and rename.
 */
async function moveIntoPlace(
  temp: string,
  path: string,
  overwrite: boolean,
  replaceSymlink: boolean,
): Promise<void> {
  if (overwrite) {
    await refuseExisting(path, true, replaceSymlink);
    await rename(temp, path);
    return;
  }
  try {
    await link(temp, path);
    await unlink(temp);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new FileExistsError(path);
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw error;
    await refuseExisting(path, false);
    await rename(temp, path);
  }
}

/** Makes the rename itself durable. Best effort: not every platform can open or fsync a directory. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r").catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}

function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOSPC") return "no space left on the device";
  if (code === "EROFS") return "the file system is read-only";
  if (code === "ENOTDIR") return "a parent of it is a file, not a directory";
  return error instanceof Error ? error.message : String(error);
}
