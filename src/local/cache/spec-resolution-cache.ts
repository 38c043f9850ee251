import { join } from "node:path";
import type { ResolvedTarget } from "../../core/plan/resolved-target.js";
import { fastHash } from "../../core/session/fast-hash.js";
import { ensurePrivateDir, isPrivateDir, readPrivateFile } from "../fs/private-file.js";

export type { ResolvedTarget };

/**
 * The digest of a spec's exact bytes that keys {@link SpecResolutionCache}: {@link fastHash} of the bytes as
 * latin1 text (one char per byte), so the hit path loads no node:crypto. Every reader of the cache derives it here.
 */
export function specDigest(bytes: Buffer): string {
  return fastHash(bytes.toString("latin1"));
}

/**
 * How every target of a spec resolved, one record per spec content: keyed by {@link specDigest} and crossrole's
 * version, one target looked up by its name. Shared by assume, exec, ecr login and the docker credential helper,
 * so a cache hit can skip loading the YAML parser and schema validator: any edit of the spec changes the digest,
 * so a stale resolution is never used. Lives in the credential cache directory (0600 files, read only from a
 * private directory: `isPrivateDir`); reading never throws, writing is best effort.
 */
export class SpecResolutionCache {
  readonly dir: string;
  readonly #version: string;

  constructor(dir: string, version: string) {
    this.dir = dir;
    this.#version = version;
  }

  /** Every target recorded for this spec content, in the plan's order, if any. */
  async read(digest: string): Promise<ResolvedTarget[] | undefined> {
    if (!isPrivateDir(this.dir)) return undefined;
    const text = readPrivateFile(this.#path(digest));
    if (text === undefined) return undefined;
    try {
      const data = JSON.parse(text) as { key?: unknown; targets?: unknown };
      if (data.key !== this.#key(digest) || !Array.isArray(data.targets)) return undefined;
      const targets = data.targets as unknown[];
      return targets.every(isResolvedTarget) ? targets : undefined;
    } catch {
      return undefined;
    }
  }

  /** The one target named `name` recorded for this spec content, if any. */
  async readTarget(digest: string, name: string): Promise<ResolvedTarget | undefined> {
    return (await this.read(digest))?.find((t) => t.name === name);
  }

  /** Records every target of this spec content; errors are swallowed (the cache is an optimisation). */
  async write(digest: string, targets: readonly ResolvedTarget[]): Promise<void> {
    try {
      await ensurePrivateDir(this.dir);
      const body = JSON.stringify({ key: this.#key(digest), targets });
      const { writeFileAtomic } = await import("../fs/write-file-atomic.js");
      await writeFileAtomic(this.#path(digest), `${body}\n`, {
        overwrite: true,
        mode: 0o600,
        replaceSymlink: true,
      });
    } catch {
      // best effort
    }
  }

  #key(digest: string): string {
    return JSON.stringify(["spec-targets", 3, this.#version, digest]);
  }

  #path(digest: string): string {
    return join(this.dir, `target-${fastHash(this.#key(digest))}.json`);
  }
}

// --- internal ---

function isResolvedTarget(value: unknown): value is ResolvedTarget {
  if (typeof value !== "object" || value === null) return false;
  const t = value as Partial<Record<keyof ResolvedTarget, unknown>>;
  return (
    typeof t.name === "string" &&
    typeof t.account === "string" &&
    typeof t.roleArn === "string" &&
    typeof t.region === "string" &&
    typeof t.principalArn === "string" &&
    typeof t.maxSessionDuration === "number" &&
    (t.externalId === undefined || typeof t.externalId === "string") &&
    (t.keyless === undefined || isKeylessBuild(t.keyless))
  );
}

function isKeylessBuild(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const k = value as Record<string, unknown>;
  return ["buildRoleArn", "issuer", "audience", "tokenVariable"].every((f) => typeof k[f] === "string");
}
