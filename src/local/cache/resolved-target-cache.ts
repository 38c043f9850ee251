import { join } from "node:path";
import { fastHash } from "../../core/session/fast-hash.js";
import {
  ensurePrivateDir,
  isPrivateDir,
  readPrivateFile,
  writePrivateFileAtomic,
} from "../fs/private-file.js";

/** What `assume` needs from a spec target: enough to call AssumeRole without parsing the spec again. */
export interface ResolvedTarget {
  name: string;
  roleArn: string;
  externalId?: string;
  region: string;
  maxSessionDuration: number;
  /** The BUILD principal the spec names (for AccessDenied diagnostics). */
  principalArn: string;
}

/**
 * Remembers how a spec target resolved, keyed by a digest of the spec file's exact text (see fastHash), the target name and
 * crossrole's version. A cache hit can then skip loading the YAML parser and schema validator: any edit of the
 * spec changes the digest, so a stale resolution is never used. Lives next to the credential cache (same 0600
 * files); reading never throws, writing is best effort.
 */
export class ResolvedTargetCache {
  readonly dir: string;
  readonly #version: string;

  constructor(dir: string, version: string) {
    this.dir = dir;
    this.#version = version;
  }

  /** The resolution recorded for this spec content and target, if any. */
  async read(specDigest: string, name: string): Promise<ResolvedTarget | undefined> {
    if (!isPrivateDir(this.dir)) return undefined;
    const text = readPrivateFile(this.#path(specDigest, name));
    if (text === undefined) return undefined;
    try {
      const data = JSON.parse(text) as { key?: unknown; target?: Partial<ResolvedTarget> };
      const t = data.target;
      if (data.key !== this.#key(specDigest, name) || t === undefined) return undefined;
      if (
        t.name !== name ||
        typeof t.roleArn !== "string" ||
        typeof t.region !== "string" ||
        typeof t.principalArn !== "string" ||
        typeof t.maxSessionDuration !== "number" ||
        (t.externalId !== undefined && typeof t.externalId !== "string")
      ) {
        return undefined;
      }
      return t as ResolvedTarget;
    } catch {
      return undefined;
    }
  }

  /** Records a resolution; errors are swallowed (the cache is an optimisation). */
  async write(specDigest: string, target: ResolvedTarget): Promise<void> {
    try {
      await ensurePrivateDir(this.dir);
      const body = JSON.stringify({ key: this.#key(specDigest, target.name), target });
      await writePrivateFileAtomic(this.#path(specDigest, target.name), `${body}\n`);
    } catch {
      // best effort
    }
  }

  #key(specDigest: string, name: string): string {
    return JSON.stringify(["target", 1, this.#version, specDigest, name]);
  }

  #path(specDigest: string, name: string): string {
    return join(this.dir, `target-${fastHash(this.#key(specDigest, name))}.json`);
  }
}
