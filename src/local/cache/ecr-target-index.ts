import { PrivateJsonCache } from "./private-json-cache.js";

/** What ECR login and the docker credential helper need from one spec target. No secret. */
export interface EcrTargetRef {
  name: string;
  account: string;
  region: string;
  roleArn: string;
  externalId?: string;
}

/**
 * Remembers a spec's targets, keyed by the SHA-256 of the spec file's exact bytes and crossrole's version, so the
 * credential helper's cache-hit path maps a registry host to its target without loading the YAML parser. Any edit
 * of the spec changes the digest. Reading never throws; writing is best effort.
 */
export class EcrTargetIndex {
  readonly dir: string;
  readonly #entries: PrivateJsonCache<EcrTargetRef[]>;

  constructor(cacheDir: string, version: string) {
    this.dir = cacheDir;
    this.#entries = new PrivateJsonCache(cacheDir, {
      what: "ECR target index",
      fileName: (specDigest) => `ecr-targets-${specDigest.slice(0, 40)}.json`,
      encode: (targets) => ({ version, targets }),
      decode: (data) => {
        const { version: stored, targets } = data as { version?: unknown; targets?: unknown };
        if (stored !== version || !Array.isArray(targets)) return undefined;
        const valid = (targets as Partial<EcrTargetRef>[]).every(
          (t) =>
            typeof t.name === "string" &&
            typeof t.account === "string" &&
            typeof t.region === "string" &&
            typeof t.roleArn === "string" &&
            (t.externalId === undefined || typeof t.externalId === "string"),
        );
        return valid ? (targets as EcrTargetRef[]) : undefined;
      },
    });
  }

  /** The targets recorded for this spec content, if any. */
  async read(specDigest: string): Promise<EcrTargetRef[] | undefined> {
    return this.#entries.read(specDigest);
  }

  /** Records the targets of this spec content. */
  async write(specDigest: string, targets: readonly EcrTargetRef[]): Promise<void> {
    try {
      await this.#entries.write(specDigest, [...targets]);
    } catch {
      // an optimisation only
    }
  }
}
