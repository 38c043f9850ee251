import { link, lstat, open, rename, rm } from "node:fs/promises";
import { EnvironmentError } from "../../core/errors.js";
import { LocalFileError, readLocalFileWithStats } from "./read-local-file.js";
import { removeWriteLeftovers } from "./remove-write-leftovers.js";

/** A lock file holds a pid. */
const LOCK_FILE = { what: "lock file", maxBytes: 1024, noFollow: true };

export interface FileLockOptions {
  /** Give up after this long (ms). Default 30 s. */
  timeoutMs?: number;
  /** A lock older than this (ms), or whose owner process is gone, is stale and is broken. Default 60 s. */
  staleMs?: number;
}

/**
 * Runs `fn` while holding an exclusive lock on `path` (the lock is the file `path + ".lock"`, created with O_EXCL
 * and holding the owner's pid). Works across processes, which is what parallel CI jobs sharing a HOME need.
 * A lock left by a crashed process is recovered: its pid is dead or it is older than `staleMs`.
 */
export async function withFileLock<T>(
  path: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const lockPath = `${path}.lock`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const staleMs = options.staleMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let delay = 2;
  for (;;) {
    if (await tryAcquire(lockPath)) break;
    const stale = await findStale(lockPath, staleMs);
    if (stale !== undefined) {
      await breakStaleLock(lockPath, stale);
      continue;
    }
    if (Date.now() > deadline) {
      throw new EnvironmentError(
        "LOCK_TIMEOUT",
        `timed out after ${timeoutMs} ms waiting for the lock ${lockPath}.`,
        {
          hint: "Another crossrole process holds it. If none is running, delete the .lock file.",
        },
      );
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
  try {
    // Under the lock: stale locks moved aside and temp files of killed writers of this file.
    await removeWriteLeftovers(path);
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}

// --- internal ---

async function tryAcquire(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, "wx", 0o600);
    try {
      await handle.writeFile(`${process.pid}\n`);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new EnvironmentError(
      "LOCK_FAILED",
      `cannot create the lock file ${lockPath}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * The inode of the lock file when it is stale, else undefined. Something crossrole never writes there (a FIFO, a
 * device, a symlink, a large file) is stale too: it is moved aside, never read to the end or waited on.
 */
async function findStale(lockPath: string, staleMs: number): Promise<number | undefined> {
  try {
    const lock = readLocalFileWithStats(lockPath, LOCK_FILE);
    if (lock === undefined) return undefined;
    const { bytes, info } = lock;
    if (Date.now() - info.mtimeMs > staleMs) return info.ino;
    const pid = Number.parseInt(bytes.toString("utf8"), 10);
    // An empty file is a lock being written right now: not stale.
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    return isAlive(pid) ? undefined : info.ino;
  } catch (error) {
    if (error instanceof LocalFileError && error.problem !== "unreadable") {
      return (await lstat(lockPath).catch(() => undefined))?.ino;
    }
    // Vanished between our attempts: not stale, just retry.
    return undefined;
  }
}

/**
 * Removes a stale lock without ever removing a fresh one that another process created in the meantime: the lock
 * is first renamed to a private name (atomic, so only one breaker wins), and put back if it is not the one judged
 * stale.
 */
async function breakStaleLock(lockPath: string, staleIno: number): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return; // another process broke it first
  }
  const info = await lstat(aside).catch(() => undefined);
  if (info !== undefined && info.ino !== staleIno) {
    // We took a live lock: restore it unless a new one already exists (link never overwrites).
    await link(aside, lockPath).catch(() => undefined);
  }
  await rm(aside, { force: true }).catch(() => undefined); // (a directory planted there stays aside)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
