import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { fastHash } from "../core/fast-hash.js";
import { ensurePrivateDir, readPrivateFile, writePrivateFileAtomic } from "./private-file.js";

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
  /** The private cache directory (the credential cache's). */
  cacheDir: string;
  /** crossrole's version, part of the cache key. */
  version: string;
  /** Modules the script requires by these names instead of loading its own copy (e.g. shared error classes). */
  modules?: Readonly<Record<string, unknown>>;
}

/**
 * Runs a self-contained CommonJS bundle (ASCII, as esbuild writes it) with V8's code cache, kept in
 * `<cacheDir>/code-<hash of the bundle path>.bin` (0600, atomic, private like the credential cache; it holds
 * compiled code of the bundle only, no data). The entry is keyed by crossrole's and Node's versions, V8 flags and
 * the bundle file's identity, and carries a SHA-256 of its payload; a missing, stale, corrupt or rejected entry
 * only means a normal compile (and a fresh entry from {@link CachedScript.saveCodeCache}).
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
      1,
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
  const path = join(options.cacheDir, `code-${fastHash(file)}.bin`);
  const cachedData = readEntry(path, key);
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
  let stale = cachedData === undefined || script.cachedDataRejected === true;
  return {
    exports: module.exports,
    async saveCodeCache() {
      if (!stale) return;
      stale = false;
      try {
        const payload = script.createCachedData();
        const header = `${JSON.stringify({ key, sha256: sha256(payload) })}\n`;
        await ensurePrivateDir(options.cacheDir);
        await writePrivateFileAtomic(path, Buffer.concat([Buffer.from(header, "latin1"), payload]));
      } catch {
        // best effort: the next run compiles again
      }
    },
  };
}

// --- internal ---

/** The entry's payload when its key matches and its checksum holds; undefined otherwise. */
function readEntry(path: string, key: string): Buffer | undefined {
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
    return header.key === key && header.sha256 === sha256(payload) ? payload : undefined;
  } catch {
    return undefined;
  }
}

function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
