import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { CrossroleError, type ErrorCode, type ErrorKind } from "../../core/errors.js";
import { formatSize } from "../../core/format-size.js";

/**
 * The one way crossrole reads a local file (spec, AWS shared files, docker config, cache entries, lock files):
 * opened without blocking (O_NONBLOCK: a FIFO with no writer cannot hang the open), checked on the open file
 * descriptor (a regular file, at most `maxBytes`), then read to at most `maxBytes + 1` bytes, so neither a device
 * such as /dev/zero, a pipe fed by `yes`, a file that grows while it is read nor a /proc-like file that reports no
 * size can hang crossrole or exhaust its memory. Synchronous on purpose: the files are small, and the `assume`
 * cache-hit path cannot afford thread-pool round trips. Depends on node:fs and the error classes only, so the
 * CommonJS fast path can use it.
 */

/** What a file is and what is accepted, for one kind of file. */
export interface LocalFileRules {
  /** What the file is, for messages: "access spec", "AWS config file", "cache entry". */
  what: string;
  /** Larger files are refused, unread. */
  maxBytes: number;
  /** Refuse a symbolic link (O_NOFOLLOW) instead of following it. */
  noFollow?: boolean;
  /** The error's kind, which decides the exit code (default "environment": exit 5). */
  kind?: ErrorKind;
  /** What to do about it, shown under the message. */
  hint?: string;
}

/** Why a file was refused. */
export type LocalFileProblem = "not-regular" | "too-large" | "symlink" | "unreadable";

const LOCAL_FILE_CODES: Record<LocalFileProblem, ErrorCode> = {
  "not-regular": "LOCAL_FILE_NOT_REGULAR",
  "too-large": "LOCAL_FILE_TOO_LARGE",
  symlink: "LOCAL_FILE_SYMLINK",
  unreadable: "LOCAL_FILE_UNREADABLE",
};

/**
 * A local file that exists but cannot be read as what it should be. The message is "the WHAT PATH DETAIL.", e.g.
 * "the access spec /dev/zero is a character device, not a regular file; crossrole reads only regular files.".
 */
export class LocalFileError extends CrossroleError {
  readonly path: string;
  readonly problem: LocalFileProblem;
  /** What is wrong, after the path: "is 3.2 MiB (…); the limit for an access spec is 1 MiB". */
  readonly detail: string;

  constructor(
    path: string,
    problem: LocalFileProblem,
    detail: string,
    rules: LocalFileRules,
    cause?: unknown,
  ) {
    super(LOCAL_FILE_CODES[problem], rules.kind ?? "environment", `the ${rules.what} ${path} ${detail}.`, {
      ...(rules.hint === undefined ? {} : { hint: rules.hint }),
      ...(cause === undefined ? {} : { cause }),
    });
    this.path = path;
    this.problem = problem;
    this.detail = detail;
  }
}

/** One MiB, for limits. */
export const MIB = 1024 * 1024;

/**
 * The file's bytes, or undefined when nothing is at `path` (ENOENT, ENOTDIR).
 * @throws LocalFileError when it is not a regular file (naming what it is: a FIFO, a directory, a character
 *   device, a socket), a symbolic link while `noFollow`, larger than `maxBytes` (saying both sizes), or unreadable.
 */
export function readLocalFile(path: string, rules: LocalFileRules): Buffer | undefined {
  return readLocalFileWithStats(path, rules)?.bytes;
}

/** {@link readLocalFile} with the open file's status (owner, mode), for callers that also judge those. */
export function readLocalFileWithStats(
  path: string,
  rules: LocalFileRules,
): { bytes: Buffer; info: Stats } | undefined {
  const opened = openLocalFile(path, rules);
  if (opened === undefined) return undefined;
  try {
    return { bytes: readAtMost(opened.fd, opened.info, path, rules), info: opened.info };
  } finally {
    closeSync(opened.fd);
  }
}

/**
 * The file's status when it exists and {@link readLocalFile} would read it; undefined when nothing is at `path`.
 * For files another program reads (the AWS SDK's shared files): checked, not read.
 * @throws LocalFileError as {@link readLocalFile}.
 */
export function checkLocalFile(path: string, rules: LocalFileRules): Stats | undefined {
  const opened = openLocalFile(path, rules);
  if (opened !== undefined) closeSync(opened.fd);
  return opened?.info;
}

// --- internal ---

function openLocalFile(path: string, rules: LocalFileRules): { fd: number; info: Stats } | undefined {
  const flags =
    constants.O_RDONLY | constants.O_NONBLOCK | (rules.noFollow === true ? constants.O_NOFOLLOW : 0);
  let fd: number;
  try {
    fd = openSync(path, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    if (rules.noFollow === true && (code === "ELOOP" || code === "EMLINK")) {
      throw new LocalFileError(
        path,
        "symlink",
        "is a symbolic link; crossrole does not read it through links",
        rules,
        error,
      );
    }
    // A socket cannot be opened (ENXIO); say what it is.
    if (code === "ENXIO") throw notRegular(path, "a socket", rules);
    const why = code === "EACCES" || code === "EPERM" ? "permission denied" : (error as Error).message;
    throw new LocalFileError(path, "unreadable", `cannot be read: ${why}`, rules, error);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw notRegular(path, describeType(info), rules);
    if (info.size > rules.maxBytes)
      throw tooLarge(path, `is ${formatSize(info.size)} (${info.size} bytes)`, rules);
    return { fd, info };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Reads to the end or to maxBytes + 1 bytes, whichever comes first: a file that grows meanwhile cannot. */
function readAtMost(fd: number, info: Stats, path: string, rules: LocalFileRules): Buffer {
  const limit = rules.maxBytes + 1;
  let buffer = Buffer.allocUnsafe(Math.min(limit, Math.max(info.size + 1, 8192)));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= limit) break;
      const bigger = Buffer.allocUnsafe(Math.min(limit, buffer.length * 2));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    let read: number;
    try {
      read = readSync(fd, buffer, length, buffer.length - length, null);
    } catch (error) {
      const why = (error as Error).message;
      throw new LocalFileError(path, "unreadable", `cannot be read: ${why}`, rules, error);
    }
    if (read === 0) break;
    length += read;
  }
  if (length > rules.maxBytes) throw tooLarge(path, `is larger than ${formatSize(rules.maxBytes)}`, rules);
  return buffer.subarray(0, length);
}

function describeType(info: Stats): string {
  if (info.isFIFO()) return "a FIFO (named pipe)";
  if (info.isDirectory()) return "a directory";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  return "of an unknown type";
}

function notRegular(path: string, type: string, rules: LocalFileRules): LocalFileError {
  return new LocalFileError(
    path,
    "not-regular",
    `is ${type}, not a regular file; crossrole reads only regular files`,
    rules,
  );
}

function tooLarge(path: string, size: string, rules: LocalFileRules): LocalFileError {
  const article = /^[aeiou]/i.test(rules.what) ? "an" : "a";
  return new LocalFileError(
    path,
    "too-large",
    `${size}; the limit for ${article} ${rules.what} is ${formatSize(rules.maxBytes)}`,
    rules,
  );
}
