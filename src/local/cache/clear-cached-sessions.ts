import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { readPrivateFile } from "../fs/private-file.js";

/** How many cache entries {@link clearCachedSessions} removed. */
export interface ClearedCaches {
  /** Cached assumed-role sessions (the credential cache of assume/exec/serve). */
  sessions: number;
  /** Cached ECR logins (the ECR token cache of ecr login and the docker credential helper). */
  ecrTokens: number;
}

/**
 * Removes crossrole's cached sessions and ECR tokens for `roleArns` from `cacheDir` (the credential cache directory,
 * see resolveCredentialCacheDir), so that nothing keeps serving credentials a revoke has just cut off (R19). Entries
 * of other roles, and the secret-free resolution caches, are left alone. Missing directories count as empty;
 * unreadable entries are skipped.
 */
export async function clearCachedSessions(
  cacheDir: string,
  roleArns: readonly string[],
): Promise<ClearedCaches> {
  const wanted = new Set(roleArns);
  const sessions = await removeMatching(cacheDir, (entry) => {
    const e = entry as { roleArn?: unknown; sessionToken?: unknown };
    return typeof e.sessionToken === "string" && typeof e.roleArn === "string" && wanted.has(e.roleArn);
  });
  const ecrTokens = await removeMatching(join(cacheDir, "ecr"), (entry) => {
    const key = (entry as { key?: unknown }).key;
    if (typeof key !== "string") return false;
    try {
      const roleArn = (JSON.parse(key) as { roleArn?: unknown }).roleArn;
      return typeof roleArn === "string" && wanted.has(roleArn);
    } catch {
      return false;
    }
  });
  return { sessions, ecrTokens };
}

// --- internal ---

async function removeMatching(dir: string, matches: (entry: unknown) => boolean): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith(".json")) continue;
    const path = join(dir, name);
    const text = readPrivateFile(path);
    if (text === undefined) continue;
    let entry: unknown;
    try {
      entry = JSON.parse(text);
    } catch {
      continue;
    }
    if (entry === null || typeof entry !== "object" || !matches(entry)) continue;
    await rm(path, { force: true });
    removed++;
  }
  return removed;
}
