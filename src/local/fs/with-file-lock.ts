import { type FileHandle, link, lstat, open, rename, rm } from "node:fs/promises";
import { EnvironmentError } from "../../core/errors.js";
import { LocalFileError, readLocalFileWithStats } from "./read-local-file.js";
import { removeWriteLeftovers } from "./remove-write-leftovers.js";

/** A lock file holds a pid. */
const LOCK_FILE = { what: "lock file", maxBytes: 1024, noFollow: true };

/** How often a holder refreshes its lock's mtime (see {@link FileLockOptions}). */
export const LOCK_TOUCH_INTERVAL_MS = 2_000;
/** A lock not refreshed for this long, whose pid is not running here, is stale (5 missed refreshes). */
export const LOCK_STALE_MS = 10_000;
/** A lock not refreshed for this long is stale whatever its pid (that pid is now another process, or the holder hangs). */
export const LOCK_ABANDONED_MS = 120_000;

export interface FileLockOptions {
  /** Give up after this long (ms). Default 30 s. */
  timeoutMs?: number;
  /** How often the holder refreshes the lock's mtime while it runs `fn` (ms). Default {@link LOCK_TOUCH_INTERVAL_MS}. */
  touchIntervalMs?: number;
  /** Not refreshed for this long and its pid not running here: stale (ms). Default {@link LOCK_STALE_MS}. */
  staleMs?: number;
  /** Not refreshed for this long: stale, whatever its pid (ms). Default {@link LOCK_ABANDONED_MS}. */
  abandonedMs?: number;
}

/**
 * Runs `fn` while holding an exclusive lock on `path` (the lock is the file `path + ".lock"`, created with O_EXCL
 * and holding the owner's pid). Works across processes, which is what parallel CI jobs sharing a HOME need, and
 * across containers sharing the directory, where a pid means another process or nothing: so the pid alone never
 * makes a lock stale. The holder refreshes the lock's mtime every `touchIntervalMs`; a lock is stale (a holder
 * that crashed) when it was not refreshed for `staleMs` and its pid is not running here, or was not refreshed for
 * `abandonedMs` whatever its pid (the pid was reused, or the holder hangs). Both bounds assume the clocks of the
 * processes sharing the directory agree within a few seconds (one host's containers share one clock).
 */
export async function withFileLock<T>(
  path: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const lockPath = `${path}.lock`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const bounds = {
    staleMs: options.staleMs ?? LOCK_STALE_MS,
    abandonedMs: options.abandonedMs ?? LOCK_ABANDONED_MS,
  };
  const held = await acquire(lockPath, timeoutMs, bounds);
  // Refreshes the mtime of OUR lock file (through its descriptor: never a lock another process made since).
  const touch = setInterval(() => {
    const now = new Date();
    held.handle.utimes(now, now).catch(() => undefined);
  }, options.touchIntervalMs ?? LOCK_TOUCH_INTERVAL_MS);
  touch.unref();
  try {
    // Under the lock: stale locks moved aside and temp files of killed writers of this file.
    await removeWriteLeftovers(path);
    return await fn();
  } finally {
    clearInterval(touch);
    await held.handle.close().catch(() => undefined);
    // Only our own lock: had it been judged stale and broken, the file there now is another holder's.
    const current = await lstat(lockPath).catch(() => undefined);
    if (current?.ino === held.ino) await rm(lockPath, { force: true });
  }
}

// --- internal ---

/** Waits for the lock, breaking it when stale; the open lock file and its inode. */
async function acquire(
  lockPath: string,
  timeoutMs: number,
  bounds: { staleMs: number; abandonedMs: number },
): Promise<HeldLock> {
  const deadline = Date.now() + timeoutMs;
  let delay = 2;
  for (;;) {
    const held = await tryAcquire(lockPath);
    if (held !== undefined) return held;
    const stale = await findStale(lockPath, bounds);
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
}

interface HeldLock {
  handle: FileHandle;
  ino: number;
}

/** The open lock file and its inode, or undefined when another process holds the lock. */
async function tryAcquire(lockPath: string): Promise<HeldLock | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(lockPath, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw new EnvironmentError(
      "LOCK_FAILED",
      `cannot create the lock file ${lockPath}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  try {
    await handle.writeFile(`${process.pid}\n`);
    return { handle, ino: (await handle.stat()).ino };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(lockPath, { force: true });
    throw new EnvironmentError(
      "LOCK_FAILED",
      `cannot write the lock file ${lockPath}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * The inode of the lock file when it is stale, else undefined: not refreshed for `abandonedMs`, or for `staleMs`
 * with a pid not running here (none yet, in a lock just created, counts as not running: it is fresh). Something
 * crossrole never writes there (a FIFO, a device, a symlink, a large file) is stale too: it is moved aside, never
 * read to the end or waited on.
 */
async function findStale(
  lockPath: string,
  bounds: { staleMs: number; abandonedMs: number },
): Promise<number | undefined> {
  try {
    const lock = readLocalFileWithStats(lockPath, LOCK_FILE);
    if (lock === undefined) return undefined;
    const { bytes, info } = lock;
    const age = Date.now() - info.mtimeMs;
    if (age > bounds.abandonedMs) return info.ino;
    if (age <= bounds.staleMs) return undefined;
    const pid = Number.parseInt(bytes.toString("utf8"), 10);
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? undefined : info.ino;
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
