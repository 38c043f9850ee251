import { basename, dirname, join } from "node:path";

/**
 * How long a leftover whose writer is not running (in this PID namespace) is kept, in case the writer runs in
 * another container sharing the directory, where its PID means another process. A write takes milliseconds.
 */
export const DEAD_WRITER_GRACE_MS = 10_000;
/** A leftover whose PID is running is kept up to this age (after it, the PID has been reused). */
export const LIVE_WRITER_MAX_MS = 3_600_000;
/** A leftover that names no writer (older crossrole versions) is removed after this age. */
const UNKNOWN_WRITER_MS = 60_000;

/**
 * Removes what writers of `path` killed mid-write (kill -9, OOM, power loss) left next to it: temp files
 * (`.NAME.PID.HEX.tmp` from writeFileAtomic; `NAME.PID.RAND.tmp`, which older crossrole versions used for cache
 * entries; both may hold secrets) and stale locks moved aside (`NAME.lock.stale-PID-RAND`). Only files of this target that this user owns
 * are touched, and never a live writer's: one whose PID is running here is kept (up to an hour, against PID
 * reuse), one whose PID is not running here is removed once {@link DEAD_WRITER_GRACE_MS} old (the directory may be
 * shared with another container, where that PID is alive). Called by the shared writers before they write; best
 * effort: nothing here ever fails a write.
 * @returns the names removed.
 */
export async function removeWriteLeftovers(path: string, now: number = Date.now()): Promise<string[]> {
  // Loaded here, not at the top: private-file.ts is on the cache-hit path, which must not load node:fs/promises.
  const { lstat, readdir, unlink } = await import("node:fs/promises");
  const dir = dirname(path);
  const patterns = leftoverNamePatterns(basename(path));
  const entries = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const entry of entries) {
    const match = patterns.map((p) => p.exec(entry)).find((m) => m !== null);
    if (match === undefined || match === null) continue;
    const file = join(dir, entry);
    const info = await lstat(file).catch(() => undefined);
    if (info === undefined || !info.isFile()) continue;
    if (process.getuid !== undefined && info.uid !== process.getuid()) continue;
    const pid = match[1] === undefined ? undefined : Number(match[1]);
    if (!isLeftover(pid, now - info.mtimeMs)) continue;
    if (
      await unlink(file).then(
        () => true,
        () => false,
      )
    )
      removed.push(entry);
  }
  return removed;
}

/** The names writers of a file called `fileName` give their temp files and stale locks; group 1: the writer's PID. */
export function leftoverNamePatterns(fileName: string): RegExp[] {
  const name = escapeRegExp(fileName);
  return [
    new RegExp(`^\\.${name}\\.(?:(\\d+)\\.)?[0-9a-f]{12}\\.tmp$`),
    // Cache entries' temp files of older crossrole versions (before writeFileAtomic wrote them): still cleaned up.
    new RegExp(`^${name}\\.(\\d+)\\.[0-9a-z]+\\.tmp$`),
    new RegExp(`^${name}\\.lock\\.stale-(\\d+)-[0-9a-z]+$`),
  ];
}

// --- internal ---

function isLeftover(pid: number | undefined, ageMs: number): boolean {
  if (pid === undefined) return ageMs >= UNKNOWN_WRITER_MS;
  if (pid === process.pid || isRunning(pid)) return ageMs >= LIVE_WRITER_MAX_MS;
  return ageMs >= DEAD_WRITER_GRACE_MS;
}

function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
