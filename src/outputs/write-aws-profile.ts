import { lstat, mkdir, unlink } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { EnvironmentError } from "../core/errors.js";
import { AWS_SHARED_FILE } from "../local/fs/check-aws-shared-files.js";
import { LocalFileError, readLocalFile } from "../local/fs/read-local-file.js";
import { withFileLock } from "../local/fs/with-file-lock.js";
import { writeFileAtomic } from "../local/fs/write-file-atomic.js";
import { type IniDocument, parseIni } from "./ini/parse-ini.js";
import { renderIni } from "./ini/render-ini.js";

/** The two files AWS tools read profiles from. */
export interface AwsProfileFiles {
  /** `$AWS_CONFIG_FILE`, else `~/.aws/config`. */
  configFile: string;
  /** `$AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`. */
  credentialsFile: string;
}

/** Inputs of {@link resolveAwsProfileFiles}: what the CLI read from the process once. */
export interface ResolveAwsProfileFilesOptions {
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  cwd: string;
}

/**
 * Where the aws CLI, boto3 and the JS SDK look for profiles: AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE when set
 * and non-empty (a leading `~` is the home directory, as botocore expands it; relative paths are from `cwd`), else
 * `.aws/config` and `.aws/credentials` in the home directory. Pure.
 */
export function resolveAwsProfileFiles(options: ResolveAwsProfileFilesOptions): AwsProfileFiles {
  const { env, homeDir, cwd } = options;
  const pick = (value: string | undefined, fallback: string): string => {
    if (value === undefined || value === "") return join(homeDir, ".aws", fallback);
    const expanded = value === "~" || value.startsWith("~/") ? join(homeDir, value.slice(1)) : value;
    return isAbsolute(expanded) ? expanded : resolve(cwd, expanded);
  };
  return {
    configFile: pick(env.AWS_CONFIG_FILE, "config"),
    credentialsFile: pick(env.AWS_SHARED_CREDENTIALS_FILE, "credentials"),
  };
}

/** What {@link writeAwsProfile} did. */
export interface WriteAwsProfileResult {
  file: string;
  /** False when the edit changed nothing (the file was then not rewritten). */
  changed: boolean;
  /** True when the file did not exist before. */
  created: boolean;
  /** True when the edit left nothing (0 bytes) in a file that had content: the file was deleted. */
  deleted?: boolean;
}

/**
 * Reads an AWS config or credentials file, applies `edit` to its line-preserving model, and writes the result back,
 * all while holding `withFileLock(file)`, so concurrent crossrole processes editing the same file never lose each
 * other's sections. The write is atomic (temp file in the same directory, fsync, rename, fsync of the directory):
 * readers see the old file or the new one, never a partial one.
 *
 * Safety: the file is always written with mode 0600; a missing directory is created with mode 0700 (an existing
 * one keeps its mode); a symlink, as the file or as its directory, is refused (EnvironmentError SYMLINK_REFUSED),
 * so crossrole never writes secrets through a link someone else controls. `edit` may throw to abort: nothing is
 * written then. An edit that leaves a file empty (removing the last section crossrole added to a file it created)
 * deletes the file rather than leaving 0 bytes; an edit of a missing file that adds nothing creates none.
 *
 * The file is read and written as bytes (Latin-1 text, one character per byte): bytes that are not UTF-8 (a
 * `# café` saved as Latin-1) are kept exactly; crossrole itself writes ASCII only.
 */
export async function writeAwsProfile(
  file: string,
  edit: (doc: IniDocument) => IniDocument | Promise<IniDocument>,
): Promise<WriteAwsProfileResult> {
  const dir = dirname(file);
  await ensureDirectory(dir);
  return withFileLock(file, async () => {
    const before = await readNoFollow(file);
    const next = renderIni(await edit(parseIni(before ?? "")));
    if (next === (before ?? "")) return { file, changed: false, created: false };
    if (next === "") {
      await unlink(file).catch((error: unknown) => {
        throw fileError("AWS_FILE_UNWRITABLE", `cannot delete the now empty ${file}`, error);
      });
      return { file, changed: true, created: false, deleted: true };
    }
    // writeFileAtomic: temp file in the same directory, fsync, rename, fsync of the directory; refuses a symlink.
    await writeFileAtomic(file, Buffer.from(next, "latin1"), { mode: 0o600, overwrite: true });
    return { file, changed: true, created: before === undefined };
  });
}

/**
 * Reads an AWS file without following a symlink; undefined when it does not exist. For commands that only look.
 */
export async function readAwsFile(file: string): Promise<IniDocument | undefined> {
  const text = await readNoFollow(file);
  return text === undefined ? undefined : parseIni(text);
}

// --- internal ---

async function ensureDirectory(dir: string): Promise<void> {
  const info = await lstat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw fileError("AWS_FILE_UNREADABLE", `cannot inspect ${dir}`, error);
  });
  if (info === undefined) {
    await mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
      throw fileError("AWS_FILE_UNWRITABLE", `cannot create the directory ${dir}`, error);
    });
    return;
  }
  if (info.isSymbolicLink()) throw symlinkRefused(dir, "directory");
  if (!info.isDirectory()) {
    throw new EnvironmentError("AWS_FILE_UNWRITABLE", `${dir} is not a directory.`, {
      hint: "Point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at a file inside a directory.",
    });
  }
}

async function readNoFollow(file: string): Promise<string | undefined> {
  try {
    // Latin-1: every byte of the user's file comes back exactly as it was (comments in other encodings included).
    return readLocalFile(file, { ...AWS_SHARED_FILE, noFollow: true })?.toString("latin1");
  } catch (error) {
    if (error instanceof LocalFileError && error.problem === "symlink") throw symlinkRefused(file, "file");
    throw error;
  }
}

function symlinkRefused(path: string, what: "file" | "directory"): EnvironmentError {
  return new EnvironmentError(
    "SYMLINK_REFUSED",
    `${path} is a symbolic link; crossrole does not write AWS ${what === "file" ? "files" : "files into directories"} through links.`,
    {
      hint: "Point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at the real path, or replace the link with a regular file or directory.",
    },
  );
}

function fileError(
  code: "AWS_FILE_UNREADABLE" | "AWS_FILE_UNWRITABLE",
  message: string,
  cause: unknown,
): EnvironmentError {
  const reason = (cause as NodeJS.ErrnoException | undefined)?.code ?? "error";
  return new EnvironmentError(code, `${message} (${reason}).`, {
    cause,
    hint: "Check the path and its permissions (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE choose other files).",
  });
}
