import { join } from "node:path";
import { fastHash } from "../../core/session/fast-hash.js";
import type { TemporaryCredentials } from "../../core/session/temporary-credentials.js";
import { PrivateJsonCache } from "./private-json-cache.js";

/** One cached AssumeRole result. Holds secrets: only ever in 0600 files of a 0700 directory. */
export interface CachedSession {
  credentials: TemporaryCredentials & { sessionToken: string; expiration: Date };
  roleArn: string;
  assumedRoleArn?: string;
  /** Warnings produced with the session (e.g. the role-chaining clamp), repeated on every hit. */
  warnings?: string[];
}

export interface CacheLookup {
  session: CachedSession;
  fromCache: boolean;
  /** Set when the cache could not be used (the session was produced but not stored). */
  warning?: string;
}

export interface CredentialCacheOptions {
  /** Clock, for tests. */
  now?: () => Date;
  /** How long to wait for another process that is producing the same entry. Default 60 s. */
  lockTimeoutMs?: number;
}

/**
 * Where cached sessions live: `$CROSSROLE_CACHE_DIR`, else `$XDG_CACHE_HOME/crossrole` (when absolute), else
 * `~/.cache/crossrole`.
 */
export function resolveCredentialCacheDir(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  const explicit = env.CROSSROLE_CACHE_DIR;
  if (explicit !== undefined && explicit !== "") return explicit;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg?.startsWith("/")) return join(xdg, "crossrole");
  return join(home, ".cache", "crossrole");
}

/**
 * The cache of assumed-role sessions: a {@link PrivateJsonCache} (0600 entries written atomically, never read
 * through a symlink or from a file others could have written; concurrent misses for one key make one AssumeRole)
 * with one file per key, named by a hash of the key, the full key stored and compared. A truncated, corrupt,
 * foreign or expiring entry reads as a miss, never an error.
 */
export class CredentialCache {
  readonly dir: string;
  readonly #now: () => Date;
  readonly #entries: PrivateJsonCache<CachedSession>;

  constructor(dir: string, options: CredentialCacheOptions = {}) {
    this.dir = dir;
    this.#now = options.now ?? (() => new Date());
    this.#entries = new PrivateJsonCache(dir, {
      what: "credential cache",
      fileName: (key) => `${fastHash(key)}.json`,
      encode: toEntryJson,
      decode: fromEntryJson,
      lockTimeoutMs: options.lockTimeoutMs ?? 60_000,
    });
  }

  /** The file that holds `key`'s entry. */
  entryPath(key: string): string {
    return this.#entries.entryPath(key);
  }

  /** The entry for `key` if it stays valid for more than `minTtlSeconds`; undefined otherwise (never throws). */
  async read(key: string, minTtlSeconds: number): Promise<CachedSession | undefined> {
    return this.#entries.read(key, this.#lastsLongerThan(minTtlSeconds));
  }

  /** Stores `session` under `key` (atomic replace). Throws EnvironmentError when the directory is unusable. */
  async write(key: string, session: CachedSession): Promise<void> {
    await this.#entries.write(key, session);
  }

  /**
   * The cached entry, or a new one from `produce` stored for the next caller. Concurrent callers (threads or
   * processes) for one key serialise on a lock file next to the entry and re-check the cache once they hold it,
   * so N cold callers make exactly one `produce` call. When the cache directory cannot be used, `produce` still
   * runs and the result carries a warning.
   */
  async getOrCreate(
    key: string,
    minTtlSeconds: number,
    produce: () => Promise<CachedSession>,
  ): Promise<CacheLookup> {
    const lookup = await this.#entries.getOrCreate(key, this.#lastsLongerThan(minTtlSeconds), produce);
    if (!lookup.fromCache && lookup.warning === undefined) {
      await purgeExpired(this.dir, this.#now()).catch(() => undefined);
    }
    const result: CacheLookup = { session: lookup.value, fromCache: lookup.fromCache };
    if (lookup.warning !== undefined) result.warning = lookup.warning;
    return result;
  }

  #lastsLongerThan(minTtlSeconds: number): (session: CachedSession) => boolean {
    return (session) =>
      session.credentials.expiration.getTime() - this.#now().getTime() > minTtlSeconds * 1000;
  }
}

// --- internal ---

const ENTRY_VERSION = 1;
/** Entries older than the longest possible session (12 h) plus slack are removed on writes. */
const PURGE_AFTER_MS = 13 * 3600 * 1000;

interface EntryJson {
  version: number;
  key: string;
  roleArn: string;
  assumedRoleArn?: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
  warnings?: string[];
}

function toEntryJson(session: CachedSession, key: string): EntryJson {
  const c = session.credentials;
  const entry: EntryJson = {
    version: ENTRY_VERSION,
    key,
    roleArn: session.roleArn,
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    sessionToken: c.sessionToken,
    expiration: c.expiration.toISOString(),
  };
  if (session.assumedRoleArn !== undefined) entry.assumedRoleArn = session.assumedRoleArn;
  if (session.warnings !== undefined && session.warnings.length > 0) entry.warnings = session.warnings;
  return entry;
}

function fromEntryJson(data: unknown, key: string): CachedSession | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const e = data as Partial<Record<keyof EntryJson, unknown>>;
  // The full key is stored and compared, so a hash-prefix collision can never serve another request's session.
  if (e.version !== ENTRY_VERSION || e.key !== key) return undefined;
  const strings = [e.roleArn, e.accessKeyId, e.secretAccessKey, e.sessionToken, e.expiration];
  if (!strings.every((s) => typeof s === "string" && s !== "")) return undefined;
  const expiration = new Date(e.expiration as string);
  if (Number.isNaN(expiration.getTime())) return undefined;
  const session: CachedSession = {
    roleArn: e.roleArn as string,
    credentials: {
      accessKeyId: e.accessKeyId as string,
      secretAccessKey: e.secretAccessKey as string,
      sessionToken: e.sessionToken as string,
      expiration,
    },
  };
  if (typeof e.assumedRoleArn === "string") session.assumedRoleArn = e.assumedRoleArn;
  if (Array.isArray(e.warnings) && e.warnings.every((w) => typeof w === "string")) {
    session.warnings = e.warnings as string[];
  }
  return session;
}

/**
 * Best effort: removes entries and temp files older than any session can live, and the V8 code caches
 * (`code-*.bin`) older crossrole versions kept here: compiled code never lives in this directory (a CI cache
 * restore can fill it), and nothing reads them any more.
 */
async function purgeExpired(dir: string, now: Date): Promise<void> {
  const { lstat, readdir, rm } = await import("node:fs/promises"); // off the cache-hit path
  for (const name of await readdir(dir)) {
    if (/^code-.*\.bin$/.test(name)) {
      await rm(join(dir, name), { force: true });
      continue;
    }
    if (!/\.(?:json|tmp)$/.test(name)) continue;
    const path = join(dir, name);
    const info = await lstat(path).catch(() => undefined);
    if (info !== undefined && now.getTime() - info.mtimeMs > PURGE_AFTER_MS) await rm(path, { force: true });
  }
}
