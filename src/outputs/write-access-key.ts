import { randomBytes } from "node:crypto";
import { lstat, open, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { CrossroleError, EnvironmentError, UsageError } from "../core/errors.js";
import type { AccessKey } from "../core/ports/iam-port.js";
import { writeFileAtomic } from "../local/fs/write-file-atomic.js";

/**
 * The BUILD user's new access key as JSON: `{"AccessKeyId": …, "SecretAccessKey": …}`, the field names of
 * `aws iam create-access-key`, so CI secret stores and `jq` take it as is.
 */
export function renderAccessKeyJson(key: AccessKey): string {
  return `${JSON.stringify({ AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey }, null, 2)}\n`;
}

/**
 * Checks, before the key is created, that `path` can take it, since IAM shows the secret only once: nothing is
 * there (a key file is never replaced; a symlink, even a dangling one, is refused), its directory exists, and a
 * file can really be created in it (an empty probe file, created and removed the way the key file will be).
 * @throws CrossroleError `FILE_EXISTS` (invalid input) when anything is at `path`; UsageError for a missing directory; EnvironmentError
 *   `KEY_OUT_UNWRITABLE` when the directory cannot take a file (permissions, read-only file system).
 */
export async function checkAccessKeyPath(path: string): Promise<void> {
  const existing = await lstat(path).catch(() => undefined);
  if (existing !== undefined) {
    const what = existing.isSymbolicLink()
      ? "a symbolic link"
      : existing.isDirectory()
        ? "a directory"
        : "a file";
    throw new CrossroleError(
      "FILE_EXISTS",
      "invalid-input",
      `--key-out ${path}: ${what} is already there; crossrole never replaces or writes through one for a key.`,
      { hint: "Give a new path, or move the old one away. No access key was created." },
    );
  }
  const dir = dirname(path);
  const info = await lstat(dir).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new UsageError(`--key-out ${path}: the directory ${dir} does not exist.`, {
      hint: "Create it first, or give a path in an existing directory. No access key was created.",
    });
  }
  // The same kind of name as writeFileAtomic's temp files, so a leftover is cleaned up like theirs.
  const probe = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await (await open(probe, "wx", 0o600)).close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EnvironmentError(
      "KEY_OUT_UNWRITABLE",
      `--key-out ${path}: cannot create a file in ${dir} (${code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EROFS" ? "read-only file system" : (error as Error).message}). No access key was created.`,
      { hint: "Choose a directory this user can write to, or fix its permissions.", cause: error },
    );
  }
  await unlink(probe).catch(() => undefined);
}

/** Writes the key JSON to `path`, mode 0600, atomically, never replacing an existing file. */
export async function writeAccessKeyFile(path: string, key: AccessKey): Promise<void> {
  await writeFileAtomic(path, renderAccessKeyJson(key), { mode: 0o600, overwrite: false });
}
