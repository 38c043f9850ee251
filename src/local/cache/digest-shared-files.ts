import { fastHash } from "../../core/session/fast-hash.js";
import { awsProfileFiles } from "../fs/check-aws-shared-files.js";
import { LocalFileError, readLocalFile } from "../fs/read-local-file.js";

/**
 * A digest of the shared config and credentials files' paths and contents (missing files count as empty), for the
 * credential and ECR token cache keys: a change to either file makes a new key. Synchronous and free of heavy
 * imports, since `assume` computes it on its cache-hit path.
 * @throws LocalFileError (exit 5) when one is not a regular file or too large: the SDK could not read it either.
 */
export function digestSharedFiles(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const parts: string[] = [];
  for (const { path, rules } of awsProfileFiles(env, home)) {
    let content = "";
    try {
      content = readLocalFile(path, rules)?.toString("latin1") ?? "";
    } catch (error) {
      // unreadable (permissions): the SDK cannot use it either
      if (!(error instanceof LocalFileError) || error.problem !== "unreadable") throw error;
    }
    parts.push(path, String(content.length), content);
  }
  return fastHash(parts.join("\0"));
}
