import { lstatSync } from "node:fs";
import { join } from "node:path";
import { EnvironmentError } from "../../core/errors.js";
import { MIB, readLocalFileWithStats } from "./read-local-file.js";

/**
 * Files that hold secrets (cached sessions): created 0600 in a 0700 directory we own (written by writeFileAtomic with
 * mode 0o600), never read through a symlink, and ignored when someone else owns them or can read them.
 */

/**
 * Reads a regular file we own that no one else can read or write, without following a symlink; undefined when it
 * is missing, foreign, too open, not a regular file (a FIFO planted there cannot hang the read), larger than
 * `maxBytes` (default 16 MiB: V8's code cache of the STS script is a few MiB; a session is a few KiB) or unreadable. Synchronous on purpose: it is on the cache-hit path, where a few
 * thread-pool round trips cost more than the read.
 */
export function readPrivateFile(path: string): string | undefined;
export function readPrivateFile(path: string, as: "buffer", maxBytes?: number): Buffer | undefined;
export function readPrivateFile(
  path: string,
  as?: "buffer",
  maxBytes = 16 * MIB,
): string | Buffer | undefined {
  try {
    const file = readLocalFileWithStats(path, { what: "cache entry", maxBytes, noFollow: true });
    if (file === undefined || (file.info.mode & 0o077) !== 0) return undefined;
    if (process.getuid !== undefined && file.info.uid !== process.getuid()) return undefined;
    return as === "buffer" ? file.bytes : file.bytes.toString("utf8");
  } catch {
    return undefined;
  }
}

/**
 * Whether a cache may be READ from `dir`: a real directory (not a symlink), owned by us, that no one else can write
 * (mode & 0o022 = 0). Others could otherwise plant, swap or replay entries (a world-writable directory lets anyone
 * rename files; an old hard link of ours put back is a replayed session). Group- or world-READABLE alone is
 * allowed: entries are 0600 themselves (readPrivateFile), so the directory only shows hashed names, and the next
 * write tightens it to 0700 (ensurePrivateDir). A refused directory reads as a cache miss. Only the directory
 * itself is checked: its files must be ours too (readPrivateFile), and no one else can create a directory or
 * file owned by us, so a writable parent can only swap in something we refuse. One lstat, synchronous: it is on
 * the cache-hit path.
 */
export function isPrivateDir(dir: string): boolean {
  try {
    const info = lstatSync(dir);
    if (!info.isDirectory() || (info.mode & 0o022) !== 0) return false;
    return process.getuid === undefined || info.uid === process.getuid();
  } catch {
    return false;
  }
}

/**
 * Creates `dir` 0700 if missing; refuses a symlink, a non-directory or another user's directory; tightens mode, and
 * discards the entries of a directory others could write (see isPrivateDir).
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const { chmod, lstat, mkdir } = await loadFsPromises();
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const info = await lstat(dir);
    if (info.isSymbolicLink()) {
      throw new EnvironmentError(
        "CACHE_DIR_SYMLINK",
        `the cache directory ${dir} is a symlink; crossrole refuses it.`,
        {
          hint: "Point CROSSROLE_CACHE_DIR at a real directory, or pass --no-cache.",
        },
      );
    }
    if (!info.isDirectory()) {
      throw new EnvironmentError("CACHE_DIR_INVALID", `the cache path ${dir} is not a directory.`);
    }
    if (process.getuid !== undefined && info.uid !== process.getuid()) {
      throw new EnvironmentError("CACHE_DIR_FOREIGN", `the cache directory ${dir} belongs to another user.`, {
        hint: "Point CROSSROLE_CACHE_DIR at a directory of your own, or pass --no-cache.",
      });
    }
    if ((info.mode & 0o077) !== 0) await chmod(dir, 0o700);
    if ((info.mode & 0o022) !== 0) await discardEntries(dir);
  } catch (error) {
    if (error instanceof EnvironmentError) throw error;
    throw new EnvironmentError(
      "CACHE_DIR_UNUSABLE",
      `cannot use the cache directory ${dir}: ${(error as Error).message}`,
      { hint: "Set CROSSROLE_CACHE_DIR to a writable directory, or pass --no-cache.", cause: error },
    );
  }
}

// --- internal ---

/**
 * Removes the cache entries (`*.json`, `*.bin`) of a directory that others could write until now: isPrivateDir kept
 * them from being read, and tightening the directory must not make them readable again (another user may have
 * moved one of our old entries aside and back). Lock and temp files are left to their owners.
 */
async function discardEntries(dir: string): Promise<void> {
  const { readdir, rm } = await loadFsPromises();
  for (const name of await readdir(dir)) {
    if (/\.(?:json|bin)$/.test(name)) await rm(join(dir, name), { force: true });
  }
}

/** node:fs/promises, loaded on the first write: a cache hit only reads (synchronously) and never pays for it. */
function loadFsPromises(): Promise<typeof import("node:fs/promises")> {
  return import("node:fs/promises");
}
