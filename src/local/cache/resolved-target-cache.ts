import { fastHash } from "../../core/session/fast-hash.js";
import { PrivateJsonCache } from "./private-json-cache.js";

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
  readonly #entries: PrivateJsonCache<ResolvedTarget>;

  constructor(dir: string, version: string) {
    this.dir = dir;
    this.#version = version;
    this.#entries = new PrivateJsonCache(dir, {
      what: "resolved-target cache",
      fileName: (key) => `target-${fastHash(key)}.json`,
      encode: (target, key) => ({ key, target }),
      decode: (data, key) => {
        const { key: stored, target: t } = data as { key?: unknown; target?: Partial<ResolvedTarget> };
        if (stored !== key || t === undefined) return undefined;
        const valid =
          typeof t.name === "string" &&
          typeof t.roleArn === "string" &&
          typeof t.region === "string" &&
          typeof t.principalArn === "string" &&
          typeof t.maxSessionDuration === "number" &&
          (t.externalId === undefined || typeof t.externalId === "string");
        return valid ? (t as ResolvedTarget) : undefined;
      },
    });
  }

  /** The resolution recorded for this spec content and target, if any. */
  async read(specDigest: string, name: string): Promise<ResolvedTarget | undefined> {
    return this.#entries.read(this.#key(specDigest, name), (t) => t.name === name);
  }

  /** Records a resolution; errors are swallowed (the cache is an optimisation). */
  async write(specDigest: string, target: ResolvedTarget): Promise<void> {
    try {
      await this.#entries.write(this.#key(specDigest, target.name), target);
    } catch {
      // best effort
    }
  }

  #key(specDigest: string, name: string): string {
    return JSON.stringify(["target", 1, this.#version, specDigest, name]);
  }
}
