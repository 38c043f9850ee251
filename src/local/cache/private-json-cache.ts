import { join } from "node:path";
import { EnvironmentError } from "../../core/errors.js";
import { ensurePrivateDir, isPrivateDir, readPrivateFile } from "../fs/private-file.js";

/** What one kind of entry is: its file name, its JSON form and how a stored entry is checked. */
export interface PrivateJsonCacheOptions<T> {
  /** Names the entries in warnings: `credential cache`, `ECR token cache`. */
  what: string;
  /** The entry file of `key`, a name inside the directory (a hash of the key: keys may hold anything). */
  fileName: (key: string) => string;
  /** The JSON value stored for `value` (it should hold `key`, so that `decode` can compare it). */
  encode: (value: T, key: string) => unknown;
  /** The value of a parsed entry, or undefined when it is not a valid entry for `key` (a miss). */
  decode: (data: unknown, key: string) => T | undefined;
  /** How long to wait for another process producing the same entry. Default 60 s. */
  lockTimeoutMs?: number;
}

/** The result of {@link PrivateJsonCache.getOrCreate}. */
export interface PrivateJsonLookup<T> {
  value: T;
  fromCache: boolean;
  /** Set when the cache could not be used (the value was produced but not stored). */
  warning?: string;
}

/**
 * The one file cache of JSON entries that may hold secrets (sessions, ECR tokens) or decide which role is assumed
 * (resolved targets): one 0600 file per key in a 0700 directory of ours. Reading (synchronous, cheap: the
 * cache-hit path) checks the directory (`isPrivateDir`), reads the entry without following a symlink and within a
 * size bound (`readPrivateFile`), parses and `decode`s it; anything wrong is a miss, never an error. Writing
 * creates or tightens the directory (`ensurePrivateDir`) and replaces the entry atomically (`writeFileAtomic`,
 * mode 0600). `getOrCreate` serialises concurrent misses for one key, across processes, on a lock next to the
 * entry and reads again under it, so N cold callers make one `produce` call. The writer and the lock are loaded on
 * a miss only: a hit loads neither them nor node:fs/promises (bench/assume.ts).
 */
export class PrivateJsonCache<T> {
  readonly dir: string;
  readonly #options: PrivateJsonCacheOptions<T>;

  constructor(dir: string, options: PrivateJsonCacheOptions<T>) {
    this.dir = dir;
    this.#options = options;
  }

  /** The file that holds `key`'s entry. */
  entryPath(key: string): string {
    return join(this.dir, this.#options.fileName(key));
  }

  /** The entry for `key` if there is a valid one that `usable` accepts; undefined otherwise (never throws). */
  read(key: string, usable: (value: T) => boolean = () => true): T | undefined {
    if (!isPrivateDir(this.dir)) return undefined;
    const text = readPrivateFile(this.entryPath(key));
    if (text === undefined) return undefined;
    let value: T | undefined;
    try {
      value = this.#options.decode(JSON.parse(text), key);
    } catch {
      return undefined;
    }
    return value !== undefined && usable(value) ? value : undefined;
  }

  /** Stores `value` under `key` (atomic replace). Throws EnvironmentError when the directory is unusable. */
  async write(key: string, value: T): Promise<void> {
    await ensurePrivateDir(this.dir);
    await this.#writeEntry(key, value);
  }

  /**
   * The entry for `key` that `usable` accepts, or a new one from `produce`, stored for the next caller. When the
   * directory cannot be used or the entry not written, the produced value still comes back, with a warning.
   */
  async getOrCreate(
    key: string,
    usable: (value: T) => boolean,
    produce: () => Promise<T>,
  ): Promise<PrivateJsonLookup<T>> {
    const hit = this.read(key, usable);
    if (hit !== undefined) return { value: hit, fromCache: true };
    const what = this.#options.what;
    try {
      await ensurePrivateDir(this.dir);
    } catch (error) {
      if (!(error instanceof EnvironmentError)) throw error;
      return { value: await produce(), fromCache: false, warning: `${what} not used: ${error.message}` };
    }
    const { withFileLock } = await import("../fs/with-file-lock.js");
    return withFileLock(
      this.entryPath(key),
      async (): Promise<PrivateJsonLookup<T>> => {
        const again = this.read(key, usable);
        if (again !== undefined) return { value: again, fromCache: true };
        const value = await produce();
        try {
          await this.#writeEntry(key, value);
        } catch (error) {
          if (!(error instanceof EnvironmentError)) throw error;
          return { value, fromCache: false, warning: `${what} not written: ${error.message}` };
        }
        return { value, fromCache: false };
      },
      { timeoutMs: this.#options.lockTimeoutMs ?? 60_000 },
    );
  }

  async #writeEntry(key: string, value: T): Promise<void> {
    const { writeFileAtomic } = await import("../fs/write-file-atomic.js");
    const text = `${JSON.stringify(this.#options.encode(value, key))}\n`;
    // A symlink at the entry's path is replaced, never followed: only crossrole writes this directory.
    await writeFileAtomic(this.entryPath(key), text, { overwrite: true, mode: 0o600, replaceSymlink: true });
  }
}
