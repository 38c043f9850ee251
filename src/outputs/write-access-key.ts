import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import { FileExistsError, UsageError } from "../core/errors.js";
import type { AccessKey } from "../core/iam-port.js";
import { writeFileAtomic } from "./write-file-atomic.js";

/**
 * The BUILD user's new access key as JSON: `{"AccessKeyId": …, "SecretAccessKey": …}`, the field names of
 * `aws iam create-access-key`, so CI secret stores and `jq` take it as is.
 */
export function renderAccessKeyJson(key: AccessKey): string {
  return `${JSON.stringify({ AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey }, null, 2)}\n`;
}

/**
 * Checks, before the key is created, that `path` can take it: it must not exist (a key file is never replaced) and
 * its directory must exist. Otherwise the secret, shown only once by IAM, could be lost.
 */
export async function checkAccessKeyPath(path: string): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing !== undefined) throw new FileExistsError(path);
  const dir = await stat(dirname(path)).catch(() => undefined);
  if (dir === undefined || !dir.isDirectory()) {
    throw new UsageError(`--key-out ${path}: the directory ${dirname(path)} does not exist.`);
  }
}

/** Writes the key JSON to `path`, mode 0600, atomically, never replacing an existing file. */
export async function writeAccessKeyFile(path: string, key: AccessKey): Promise<void> {
  await writeFileAtomic(path, renderAccessKeyJson(key), { mode: 0o600, overwrite: false });
}
