import { join } from "node:path";
import { isPrivateDir, readPrivateFile } from "../fs/private-file.js";
import { sha256Hex } from "./sha256-hex.js";

/**
 * The registry login cached under `key` by EcrTokenCache (ecr-token-cache.ts) while it is before its refresh
 * time, else undefined (never throws). The one reader of that cache's on-disk format outside the cache itself, for
 * the credential helper's CommonJS fast path, which must load neither node:crypto nor fs/promises (as the cache's
 * module does). Same rules as EcrTokenCache.read: `<cacheDir>/ecr/<sha256(key)[0:40]>.json`, a private file in a
 * private directory, version 1, the FULL key equal (so an entry is only ever served to the caller it was stored
 * for), and `issuedAt - 5 min <= now < refreshAt`. read-cached-ecr-token.test.ts pins it to EcrTokenCache.
 */
export function readCachedEcrToken(
  cacheDir: string,
  key: string,
  now: Date,
): { username: string; password: string } | undefined {
  const dir = join(cacheDir, "ecr");
  if (!isPrivateDir(dir)) return undefined;
  const text = readPrivateFile(join(dir, `${sha256Hex(key).slice(0, 40)}.json`));
  if (text === undefined) return undefined;
  try {
    const e = JSON.parse(text) as Record<string, unknown>;
    if (e.version !== 1 || e.key !== key) return undefined;
    const { username, password } = e;
    if (typeof username !== "string" || username === "" || typeof password !== "string" || password === "")
      return undefined;
    const issuedAt = typeof e.issuedAt === "string" ? Date.parse(e.issuedAt) : Number.NaN;
    const refreshAt = typeof e.refreshAt === "string" ? Date.parse(e.refreshAt) : Number.NaN;
    const expiresAt = typeof e.expiresAt === "string" ? Date.parse(e.expiresAt) : Number.NaN;
    if (Number.isNaN(issuedAt) || Number.isNaN(refreshAt) || Number.isNaN(expiresAt)) return undefined;
    if (typeof e.host !== "string" || e.host === "") return undefined;
    const t = now.getTime();
    return t < refreshAt && t >= issuedAt - SKEW_MS ? { username, password } : undefined;
  } catch {
    return undefined;
  }
}

// --- internal ---

/** EcrTokenCache's allowance for a clock that was ahead when the token was stored. */
const SKEW_MS = 5 * 60_000;
