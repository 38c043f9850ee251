import { closeSync, fstatSync, lstatSync, openSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";
import { readPrivateFile } from "../fs/private-file.js";

/** A CommonJS bundle run through {@link loadCachedScript}. */
export interface CachedScript {
  /** The bundle's `module.exports`. */
  exports: Record<string, unknown>;
  /**
   * Stores V8's code cache for the bundle when none was usable. Call it after the bundle did its work: functions
   * compiled while running are included, so the next process compiles (almost) nothing. Best effort, never throws.
   */
  saveCodeCache(): Promise<void>;
}

export interface LoadCachedScriptOptions {
  /** crossrole's version, part of the cache key. */
  version: string;
  /** Modules the script requires by these names instead of loading its own copy (e.g. shared error classes). */
  modules?: Readonly<Record<string, unknown>>;
  /**
   * Whether the entry carries and is checked against a SHA-256 of its payload (default true). The launcher turns
   * it off for the assume fast path, whose cache hit must not load node:crypto (about 9 ms, more than the code
   * cache saves there): that entry is still written atomically, 0600, only beside a bundle no one else can write,
   * and V8 refuses it on a version, flag, source or length mismatch.
   */
  checksum?: boolean;
}

/**
 * Runs a self-contained CommonJS bundle (ASCII, as esbuild writes it) with V8's code cache, kept BESIDE the bundle
 * as `.<name>.v8cache` (0600, atomic), and only when the bundle and its directory belong to us (or root) and no
 * one else can write them ({@link mayCacheBeside}). Compiled code is code: whoever can write that file could
 * already rewrite the bundle itself, so the cache adds no way in. An install we may not write (installed by root,
 * run as a user) gets no code cache; nothing in the credential cache directory, which a CI cache restore can fill,
 * is ever compiled or run. The entry is keyed by crossrole's and Node's versions, V8 flags and the bundle file's
 * identity, and carries a SHA-256 of its payload; a missing, stale, corrupt or rejected entry only means a normal
 * compile (and a fresh entry from {@link CachedScript.saveCodeCache}).
 */
export function loadCachedScript(file: string, options: LoadCachedScriptOptions): CachedScript {
  const fd = openSync(file, "r");
  let source: string;
  let key: string;
  try {
    const info = fstatSync(fd);
    source = readFileSync(fd, "latin1");
    key = JSON.stringify([
      "code",
      2,
      options.version,
      process.version,
      process.arch,
      process.execArgv,
      process.env.NODE_OPTIONS ?? "",
      file,
      info.size,
      info.mtimeMs,
      info.ino,
    ]);
  } finally {
    closeSync(fd);
  }
  const path = codeCachePath(file);
  const usable = mayCacheBeside(file);
  const checksum = options.checksum !== false;
  const cachedData = usable ? readEntry(path, key, checksum) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const module = { exports: {} as Record<string, unknown> };
  // The bundle requires Node built-ins only (and `modules`): the host's own require serves it when there is one
  // (CommonJS callers), so node:module, which loads part of the ES-module loader, is only loaded otherwise.
  const nodeRequire =
    typeof require === "function" ? require : process.getBuiltinModule("node:module").createRequire(file);
  const provided = options.modules ?? {};
  const scriptRequire = (id: string): unknown =>
    Object.hasOwn(provided, id) ? provided[id] : nodeRequire(id);
  script.runInThisContext()(module.exports, scriptRequire, module, file, dirname(file));
  let stale = usable && (cachedData === undefined || script.cachedDataRejected === true);
  return {
    exports: module.exports,
    async saveCodeCache() {
      if (!stale) return;
      stale = false;
      // Only into a directory of our own: beside an install root owns, run by another user, every run would
      // otherwise try (and fail) to write it, loading the writer and node:crypto each time.
      if (!ownsDirectory(dirname(file))) return;
      try {
        const payload = script.createCachedData();
        const header = `${JSON.stringify({ key, sha256: checksum ? sha256(payload) : null })}\n`;
        const { writeFileAtomic } = await import("../fs/write-file-atomic.js");
        await writeFileAtomic(path, Buffer.concat([Buffer.from(header, "latin1"), payload]), {
          overwrite: true,
          mode: 0o600,
          replaceSymlink: true,
        });
      } catch {
        // best effort: the next run compiles again
      }
    },
  };
}

/** Where the code cache of `file` lives: beside it, `dist/chunks/.sts-adapter.cjs.v8cache` for the STS script. */
export function codeCachePath(file: string): string {
  return join(dirname(file), `.${basename(file)}.v8cache`);
}

/**
 * Whether `file`'s code cache may be read and written beside it: the bundle is a regular file and its directory a
 * real directory, both owned by us or root, neither group- nor world-writable. Then only we (or root) can write
 * the cache, and we could replace the bundle itself just as well. The cache file is checked too (ours, private,
 * no symlink: readPrivateFile). Parents are not checked: whoever can replace the directory replaces the bundle.
 */
export function mayCacheBeside(file: string): boolean {
  try {
    const uid = process.getuid?.();
    const trusted = (info: { uid: number; mode: number }) =>
      (uid === undefined || info.uid === uid || info.uid === 0) && (info.mode & 0o022) === 0;
    const bundle = lstatSync(file);
    const dir = lstatSync(dirname(file));
    return bundle.isFile() && dir.isDirectory() && trusted(bundle) && trusted(dir);
  } catch {
    return false;
  }
}

// --- internal ---

/** Whether `dir` belongs to the user running crossrole (any directory, where uids do not exist). */
function ownsDirectory(dir: string): boolean {
  const uid = process.getuid?.();
  try {
    return uid === undefined || lstatSync(dir).uid === uid;
  } catch {
    return false;
  }
}

/** The entry's payload when its key matches and (if `checksum`) its checksum holds; undefined otherwise. */
function readEntry(path: string, key: string, checksum: boolean): Buffer | undefined {
  const data = readPrivateFile(path, "buffer");
  if (data === undefined) return undefined;
  const newline = data.indexOf(10);
  if (newline < 0) return undefined;
  try {
    const header = JSON.parse(data.subarray(0, newline).toString("latin1")) as {
      key?: unknown;
      sha256?: unknown;
    };
    const payload = data.subarray(newline + 1);
    if (header.key !== key) return undefined;
    if (!checksum) return header.sha256 === null ? payload : undefined;
    return header.sha256 === sha256(payload) ? payload : undefined;
  } catch {
    return undefined;
  }
}

function sha256(data: Uint8Array): string {
  // Loaded here, not at the top: the launcher bundles this file, and most of its runs never hash.
  return process.getBuiltinModule("node:crypto").createHash("sha256").update(data).digest("hex");
}
