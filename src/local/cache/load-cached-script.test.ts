import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Script } from "node:vm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { codeCachePath, loadCachedScript, mayCacheBeside } from "./load-cached-script.js";

let root: string;
let bundleDir: string;
let file: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "crossrole-code-cache-test-"));
  bundleDir = join(root, "chunks");
  await mkdir(bundleDir, { mode: 0o755 });
  await chmod(bundleDir, 0o755);
  file = join(bundleDir, "bundle.cjs");
  const body = Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x * ${i} + 1; }`).join("\n");
  await writeFile(
    file,
    `${body}\nexports.answer = (x) => f7(x) + f3(x);\nexports.shared = require("crossrole:test");\nexports.path = require("node:path").sep;\n`,
    { mode: 0o644 },
  );
  delete (globalThis as { __crossroleForged?: unknown }).__crossroleForged;
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const isRoot = process.getuid?.() === 0;
const options = () => ({ version: "1.2.3", modules: { "crossrole:test": { marker: 1 } } });
const answer = (exports: Record<string, unknown>, x: number) => (exports.answer as (x: number) => number)(x);
const forged = () => (globalThis as { __crossroleForged?: unknown }).__crossroleForged;

/**
 * What an attacker who can write the cache file does: compiles a DIFFERENT script of the same length (V8 checks
 * only the source length and its flags) that sets a marker, and wraps its code cache in a valid header (the key
 * copied from a real entry, the SHA-256 recomputed).
 */
async function forgeEntry(path: string, key: string): Promise<void> {
  const source = await readFile(file, "latin1");
  const evil = "globalThis.__crossroleForged = true;";
  const padded = `${evil}/*${" ".repeat(source.length - evil.length - 4)}*/`;
  expect(padded.length).toBe(source.length);
  const payload = new Script(`(function (exports, require, module, __filename, __dirname) {${padded}\n})`, {
    filename: file,
  }).createCachedData();
  const sha256 = createHash("sha256").update(payload).digest("hex");
  await writeFile(path, Buffer.concat([Buffer.from(`${JSON.stringify({ key, sha256 })}\n`), payload]), {
    mode: 0o600,
  });
}

/**
 * The entry key of `file` as loadCachedScript computes it in this process, computed the way an attacker would (from
 * the file's metadata). Not taken from a real entry: compiling the real source here first would put it in V8's
 * in-process compilation cache, and a planted entry would then be ignored for that reason alone.
 */
async function realKey(): Promise<string> {
  const info = await stat(file);
  const env = process.env.NODE_OPTIONS ?? "";
  const fields = [
    process.version,
    process.arch,
    process.execArgv,
    env,
    file,
    info.size,
    info.mtimeMs,
    info.ino,
  ];
  return JSON.stringify(["code", 2, options().version, ...fields]);
}

describe("loadCachedScript", () => {
  it("runs the script, hands it the given modules and Node's, and stores a private code cache beside it once", async () => {
    const first = loadCachedScript(file, options());
    expect(answer(first.exports, 2)).toBe(2 * 7 + 1 + 2 * 3 + 1);
    expect(first.exports.shared).toEqual({ marker: 1 });
    expect(first.exports.path).toBe("/");
    await first.saveCodeCache();
    const path = codeCachePath(file);
    expect(path).toBe(join(bundleDir, ".bundle.cjs.v8cache"));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(bundleDir)).mode & 0o777).toBe(0o755); // the install directory is left as it is
    const written = (await stat(path)).mtimeMs;

    const second = loadCachedScript(file, options());
    expect(answer(second.exports, 1)).toBe(7 + 1 + 3 + 1);
    await second.saveCodeCache();
    expect((await stat(path)).mtimeMs).toBe(written);
  });

  it("ignores a corrupt, truncated or foreign entry and replaces it", async () => {
    await loadCachedScript(file, options()).saveCodeCache();
    const path = codeCachePath(file);
    const good = await readFile(path);
    const corrupt = Buffer.from(good);
    corrupt[corrupt.length - 10] = (corrupt[corrupt.length - 10] ?? 0) ^ 0xff;
    for (const bad of [corrupt, good.subarray(0, good.length / 2), Buffer.from("garbage"), Buffer.alloc(0)]) {
      await writeFile(path, bad, { mode: 0o600 });
      const again = loadCachedScript(file, options());
      expect(answer(again.exports, 1)).toBe(12);
      await again.saveCodeCache();
      const rewritten = await readFile(path);
      expect(rewritten).not.toEqual(bad);
      const header = (b: Buffer) => JSON.parse(b.subarray(0, b.indexOf(10)).toString()).key;
      expect(header(rewritten)).toBe(header(good));
    }
  });

  it("without a checksum (the launcher's fast path): node:crypto is not needed, V8 refuses a truncated payload, and entries of the two kinds never mix", async () => {
    const plain = () => ({ ...options(), checksum: false });
    const first = loadCachedScript(file, plain());
    await first.saveCodeCache();
    const path = codeCachePath(file);
    const good = await readFile(path);
    const header = (b: Buffer) => JSON.parse(b.subarray(0, b.indexOf(10)).toString()) as { sha256: unknown };
    expect(header(good).sha256).toBeNull();
    // The entry is used: a second load writes nothing.
    const written = (await stat(path)).mtimeMs;
    const second = loadCachedScript(file, plain());
    expect(answer(second.exports, 1)).toBe(12);
    await second.saveCodeCache();
    expect((await stat(path)).mtimeMs).toBe(written);
    // A truncated payload (a torn or cut file) passes our header, and V8 refuses it: checked in a fresh process,
    // since this one has the source in V8's in-process compilation cache and would not look at the payload.
    const probe = `const { Script } = require("node:vm"); const fs = require("node:fs");
const [file, entry, half] = process.argv.slice(1);
const data = fs.readFileSync(entry); const payload = data.subarray(data.indexOf(10) + 1);
const cachedData = half === "half" ? payload.subarray(0, payload.length >> 1) : payload;
const source = fs.readFileSync(file, "latin1");
const script = new Script("(function (exports, require, module, __filename, __dirname) {" + source + "\\n})", { filename: file, cachedData });
process.stdout.write(String(script.cachedDataRejected));`;
    const rejected = (half: string) =>
      execFileSync(process.execPath, ["-e", probe, file, path, half], { encoding: "utf8" });
    expect(rejected("whole")).toBe("false"); // the control: the entry as written is accepted
    expect(rejected("half")).toBe("true");
    // A checksummed load ignores the plain entry (and rewrites it with a SHA-256); a plain load ignores that one.
    const checked = loadCachedScript(file, options());
    await checked.saveCodeCache();
    expect(typeof header(await readFile(path)).sha256).toBe("string");
    const back = loadCachedScript(file, plain());
    await back.saveCodeCache();
    expect(header(await readFile(path)).sha256).toBeNull();
  });

  it("keys the entry by version: another version compiles afresh and rewrites it", async () => {
    await loadCachedScript(file, options()).saveCodeCache();
    const path = codeCachePath(file);
    const before = await readFile(path, "latin1");
    await loadCachedScript(file, { ...options(), version: "9.9.9" }).saveCodeCache();
    const after = await readFile(path, "latin1");
    expect(after).not.toBe(before);
    expect(after).toContain("9.9.9");
  });

  it("a forged entry beside a bundle we own runs (the control: writing it needs the same access as the bundle)", async () => {
    await forgeEntry(codeCachePath(file), await realKey());
    loadCachedScript(file, options());
    expect(forged()).toBe(true);
  });

  it.each([
    ["group-writable", 0o775],
    ["world-writable", 0o777],
    ["world-writable with the sticky bit", 0o1777],
  ])(
    "a %s bundle directory: a planted entry is never run, none is written, the script still works",
    async (_, mode) => {
      const key = await realKey();
      await chmod(bundleDir, mode);
      expect(mayCacheBeside(file)).toBe(false);
      await forgeEntry(codeCachePath(file), key);
      const script = loadCachedScript(file, options());
      expect(forged()).toBeUndefined();
      expect(answer(script.exports, 1)).toBe(12);
      await rm(codeCachePath(file));
      await script.saveCodeCache();
      expect(await readdir(bundleDir)).toEqual(["bundle.cjs"]);
    },
  );

  it("a group/world-writable bundle file: no code cache", async () => {
    await chmod(file, 0o666);
    expect(mayCacheBeside(file)).toBe(false);
    const script = loadCachedScript(file, options());
    await script.saveCodeCache();
    expect(await readdir(bundleDir)).toEqual(["bundle.cjs"]);
  });

  it.runIf(isRoot)(
    "a bundle directory another user owns (and may write): a planted entry is never run",
    async () => {
      const key = await realKey();
      await forgeEntry(codeCachePath(file), key);
      await chown(bundleDir, 65534, 65534);
      expect(mayCacheBeside(file)).toBe(false);
      const script = loadCachedScript(file, options());
      expect(forged()).toBeUndefined();
      expect(answer(script.exports, 1)).toBe(12);
    },
  );

  it("never throws when the bundle directory cannot be written", async () => {
    // A read-only install (as a user under a root-owned global install): EACCES, or EROFS, on the write.
    await chmod(bundleDir, 0o555);
    const script = loadCachedScript(file, options());
    await expect(script.saveCodeCache()).resolves.toBeUndefined();
    if (!isRoot) expect(await readdir(bundleDir)).toEqual(["bundle.cjs"]);
    await chmod(bundleDir, 0o755);
  });
});
