import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fastHash } from "../core/fast-hash.js";

/**
 * A digest of the shared config and credentials files' paths and contents (missing files count as empty), for the
 * credential and ECR token cache keys: a change to either file makes a new key. Synchronous and free of heavy
 * imports, since `assume` computes it on its cache-hit path.
 */
export function digestSharedFiles(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const paths = [
    env.AWS_CONFIG_FILE ?? join(home, ".aws", "config"),
    env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, ".aws", "credentials"),
  ];
  const parts: string[] = [];
  for (const path of paths) {
    let content = "";
    try {
      content = readFileSync(path, "latin1");
    } catch {
      // missing or unreadable: the SDK cannot use it either
    }
    parts.push(path, String(content.length), content);
  }
  return fastHash(parts.join("\0"));
}
