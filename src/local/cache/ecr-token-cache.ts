import { join } from "node:path";
import { PrivateJsonCache } from "./private-json-cache.js";
import { sha256Hex } from "./sha256-hex.js";

/** A cached ECR login. Holds a secret: only ever in 0600 files of a 0700 directory. */
export interface CachedEcrToken {
  host: string;
  username: string;
  password: string;
  issuedAt: Date;
  expiresAt: Date;
  /** Reused until then (half the lifetime). */
  refreshAt: Date;
}

/** What an ECR token cache entry is for: one registry host reached through one role, by one caller. */
export interface EcrTokenCacheKeyInput {
  host: string;
  roleArn: string;
  externalId?: string | undefined;
  /** ECR/STS endpoint override: tokens from an emulator are not tokens for AWS. */
  endpoint?: string | undefined;
  /** Who assumes the role (see credentialSourceFingerprint in core/session/credential-cache-key.ts). */
  caller: string;
}

/** The canonical key text (no secret: ExternalId is not one). */
export function ecrTokenCacheKey(input: EcrTokenCacheKeyInput): string {
  return JSON.stringify({
    v: 2,
    host: input.host,
    roleArn: input.roleArn,
    externalId: input.externalId ?? null,
    endpoint: input.endpoint ?? null,
    caller: input.caller,
  });
}

/** The result of {@link EcrTokenCache.getOrCreate}. */
export interface EcrTokenLookup {
  token: CachedEcrToken;
  fromCache: boolean;
  /** Set when the cache could not be used (the token was fetched but not stored). */
  warning?: string;
}

/**
 * ECR tokens cached per (registry host, role, caller) until half their lifetime, in `<dir>/ecr/` (dir = the
 * credential cache directory): a {@link PrivateJsonCache}, with the credential cache's guarantees (0600 files
 * written atomically, never read through a symlink or from a file others could have written; a corrupt entry is a
 * miss; concurrent misses for one key make one fetch).
 */
export class EcrTokenCache {
  readonly dir: string;
  readonly #now: () => Date;
  readonly #entries: PrivateJsonCache<CachedEcrToken>;

  constructor(cacheDir: string, options: { now?: () => Date } = {}) {
    this.dir = join(cacheDir, "ecr");
    this.#now = options.now ?? (() => new Date());
    this.#entries = new PrivateJsonCache(this.dir, {
      what: "ECR token cache",
      fileName: (key) => `${sha256Hex(key).slice(0, 40)}.json`,
      encode: toEntryJson,
      decode: fromEntryJson,
    });
  }

  /** The file holding `key`'s entry. */
  entryPath(key: string): string {
    return this.#entries.entryPath(key);
  }

  /** The entry for `key` while it is before its refresh time; undefined otherwise (never throws). */
  async read(key: string): Promise<CachedEcrToken | undefined> {
    return this.#entries.read(key, this.#fresh);
  }

  /** The cached token, or a new one from `fetch`, stored for the next caller. */
  async getOrCreate(key: string, fetch: () => Promise<CachedEcrToken>): Promise<EcrTokenLookup> {
    const lookup = await this.#entries.getOrCreate(key, this.#fresh, fetch);
    const result: EcrTokenLookup = { token: lookup.value, fromCache: lookup.fromCache };
    if (lookup.warning !== undefined) result.warning = lookup.warning;
    return result;
  }

  /** Reused from its issue time (give or take clock skew) until its refresh time. */
  readonly #fresh = (token: CachedEcrToken): boolean => {
    const now = this.#now().getTime();
    return now < token.refreshAt.getTime() && now >= token.issuedAt.getTime() - SKEW_MS;
  };
}

// --- internal ---

const SKEW_MS = 5 * 60_000;

function toEntryJson(token: CachedEcrToken, key: string): Record<string, unknown> {
  return {
    version: 1,
    key,
    host: token.host,
    username: token.username,
    password: token.password,
    issuedAt: token.issuedAt.toISOString(),
    expiresAt: token.expiresAt.toISOString(),
    refreshAt: token.refreshAt.toISOString(),
  };
}

function fromEntryJson(data: unknown, key: string): CachedEcrToken | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const e = data as Record<string, unknown>;
  if (e.version !== 1 || e.key !== key) return undefined;
  const strings = [e.host, e.username, e.password, e.issuedAt, e.expiresAt, e.refreshAt];
  if (!strings.every((s) => typeof s === "string" && s !== "")) return undefined;
  const dates = [e.issuedAt, e.expiresAt, e.refreshAt].map((d) => new Date(d as string));
  if (dates.some((d) => Number.isNaN(d.getTime()))) return undefined;
  const [issuedAt, expiresAt, refreshAt] = dates as [Date, Date, Date];
  return {
    host: e.host as string,
    username: e.username as string,
    password: e.password as string,
    issuedAt,
    expiresAt,
    refreshAt,
  };
}
