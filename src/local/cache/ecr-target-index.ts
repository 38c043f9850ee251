import { join } from "node:path";
import {
  ensurePrivateDir,
  isPrivateDir,
  readPrivateFile,
  writePrivateFileAtomic,
} from "../fs/private-file.js";

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
  readonly #version: string;

  constructor(cacheDir: string, version: string) {
    this.dir = cacheDir;
    this.#version = version;
  }

  /** The targets recorded for this spec content, if any. */
  async read(specDigest: string): Promise<EcrTargetRef[] | undefined> {
    if (!isPrivateDir(this.dir)) return undefined;
    const text = readPrivateFile(this.#path(specDigest));
    if (text === undefined) return undefined;
    try {
      const data = JSON.parse(text) as { version?: unknown; targets?: unknown };
      if (data.version !== this.#version || !Array.isArray(data.targets)) return undefined;
      const targets = data.targets as Partial<EcrTargetRef>[];
      const valid = targets.every(
        (t) =>
          typeof t.name === "string" &&
          typeof t.account === "string" &&
          typeof t.region === "string" &&
          typeof t.roleArn === "string" &&
          (t.externalId === undefined || typeof t.externalId === "string"),
      );
      return valid ? (targets as EcrTargetRef[]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Records the targets of this spec content. */
  async write(specDigest: string, targets: readonly EcrTargetRef[]): Promise<void> {
    try {
      await ensurePrivateDir(this.dir);
      await writePrivateFileAtomic(
        this.#path(specDigest),
        `${JSON.stringify({ version: this.#version, targets })}\n`,
      );
    } catch {
      // an optimisation only
    }
  }

  #path(specDigest: string): string {
    return join(this.dir, `ecr-targets-${specDigest.slice(0, 40)}.json`);
  }
}
