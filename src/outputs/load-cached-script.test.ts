import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCachedScript } from "./load-cached-script.js";

let root: string;
let cacheDir: string;
let file: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "crossrole-code-cache-test-"));
  cacheDir = join(root, "cache");
  file = join(root, "bundle.cjs");
  const body = Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x * ${i} + 1; }`).join("\n");
  await writeFile(
    file,
    `${body}\nexports.answer = (x) => f7(x) + f3(x);\nexports.shared = require("crossrole:test");\nexports.path = require("node:path").sep;\n`,
  );
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const options = () => ({ cacheDir, version: "1.2.3", modules: { "crossrole:test": { marker: 1 } } });

async function entry(): Promise<string> {
  const names = (await readdir(cacheDir)).filter((n) => n.startsWith("code-"));
  expect(names).toHaveLength(1);
  return join(cacheDir, names[0] as string);
}

describe("loadCachedScript", () => {
  it("runs the script, hands it the given modules and Node's, and stores a private code cache once", async () => {
    const first = loadCachedScript(file, options());
    expect((first.exports.answer as (x: number) => number)(2)).toBe(2 * 7 + 1 + 2 * 3 + 1);
    expect(first.exports.shared).toEqual({ marker: 1 });
    expect(first.exports.path).toBe("/");
    await first.saveCodeCache();
    const path = await entry();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
    const written = (await stat(path)).mtimeMs;

    const second = loadCachedScript(file, options());
    expect((second.exports.answer as (x: number) => number)(1)).toBe(7 + 1 + 3 + 1);
    await second.saveCodeCache();
    expect((await stat(path)).mtimeMs).toBe(written);
  });

  it("ignores a corrupt, truncated or foreign entry and replaces it", async () => {
    const first = loadCachedScript(file, options());
    await first.saveCodeCache();
    const path = await entry();
    const good = await readFile(path);
    const corrupt = Buffer.from(good);
    corrupt[corrupt.length - 10] = (corrupt[corrupt.length - 10] ?? 0) ^ 0xff;
    for (const bad of [corrupt, good.subarray(0, good.length / 2), Buffer.from("garbage"), Buffer.alloc(0)]) {
      await writeFile(path, bad, { mode: 0o600 });
      const again = loadCachedScript(file, options());
      expect((again.exports.answer as (x: number) => number)(1)).toBe(12);
      await again.saveCodeCache();
      const rewritten = await readFile(path);
      expect(rewritten).not.toEqual(bad);
      const header = (b: Buffer) => JSON.parse(b.subarray(0, b.indexOf(10)).toString()).key;
      expect(header(rewritten)).toBe(header(good));
    }
  });

  it("keys the entry by version: another version compiles afresh and rewrites it", async () => {
    await loadCachedScript(file, options()).saveCodeCache();
    const path = await entry();
    const before = await readFile(path, "latin1");
    await loadCachedScript(file, { ...options(), version: "9.9.9" }).saveCodeCache();
    const after = await readFile(path, "latin1");
    expect(after).not.toBe(before);
    expect(after).toContain("9.9.9");
  });

  it("never throws when the cache directory is unusable", async () => {
    await writeFile(cacheDir, "not a directory");
    const script = loadCachedScript(file, options());
    await expect(script.saveCodeCache()).resolves.toBeUndefined();
  });
});
