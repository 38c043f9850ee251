import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readLocalFile } from "../fs/read-local-file.js";

/** A cached session as `crossrole whoami` shows it: which role, until when. Never its credentials. */
export interface CachedSessionSummary {
  roleArn: string;
  assumedRoleArn?: string;
  expiration: Date;
}

/**
 * The sessions in the credential cache directory, soonest expiry last, read for display only: each entry's role
 * and expiry, never its keys (they are not copied out of the parsed entry). Entries that are not sessions (ECR
 * tokens, resolved targets), unreadable, malformed or over 64 KiB are skipped; a missing directory is no
 * sessions. Never throws.
 */
export function listCachedSessions(dir: string): CachedSessionSummary[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  const sessions: CachedSessionSummary[] = [];
  for (const name of names.sort()) {
    const summary = summarize(join(dir, name));
    if (summary !== undefined) sessions.push(summary);
  }
  return sessions.sort((a, b) => b.expiration.getTime() - a.expiration.getTime());
}

// --- internal ---

function summarize(path: string): CachedSessionSummary | undefined {
  try {
    const bytes = readLocalFile(path, { what: "cache entry", maxBytes: 64 * 1024, noFollow: true });
    if (bytes === undefined) return undefined;
    const data = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
    const { roleArn, assumedRoleArn, expiration, sessionToken } = data;
    if (typeof roleArn !== "string" || typeof expiration !== "string" || typeof sessionToken !== "string") {
      return undefined;
    }
    const when = new Date(expiration);
    if (Number.isNaN(when.getTime())) return undefined;
    return typeof assumedRoleArn === "string"
      ? { roleArn, assumedRoleArn, expiration: when }
      : { roleArn, expiration: when };
  } catch {
    return undefined;
  }
}
