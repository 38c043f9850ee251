import { execFile } from "node:child_process";
import { lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CachedSession, CredentialCache, resolveCredentialCacheDir } from "./credential-cache.js";

const run = promisify(execFile);
const worker = resolve(import.meta.dirname, "../../../test/unit/support/cache-worker.ts");

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "crossrole-cache-test-"));
  dir = join(root, "cache");
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function session(expiresInSeconds: number, id = "ASIATEST"): CachedSession {
  return {
    roleArn: "arn:aws:iam::111111111111:role/deploy",
    assumedRoleArn: "arn:aws:sts::111111111111:assumed-role/deploy/ci-1",
    credentials: {
      accessKeyId: id,
      secretAccessKey: "secret/key+x",
      sessionToken: "token==",
      expiration: new Date(Date.now() + expiresInSeconds * 1000),
    },
  };
}

describe("resolveCredentialCacheDir", () => {
  it.each([
    [{ CROSSROLE_CACHE_DIR: "/c" }, "/c"],
    [{ XDG_CACHE_HOME: "/x" }, "/x/crossrole"],
    [{ XDG_CACHE_HOME: "relative" }, "/home/u/.cache/crossrole"],
    [{}, "/home/u/.cache/crossrole"],
    [{ CROSSROLE_CACHE_DIR: "/c", XDG_CACHE_HOME: "/x" }, "/c"],
  ])("%j → %s", (env, expected) => {
    expect(resolveCredentialCacheDir(env, "/home/u")).toBe(expected);
  });
});

describe("CredentialCache", () => {
  it("round-trips an entry in a 0700 dir as a 0600 file", async () => {
    const cache = new CredentialCache(dir);
    await cache.write("k", session(3600));
    const read = await cache.read("k", 600);
    expect(read?.credentials.accessKeyId).toBe("ASIATEST");
    expect(read?.assumedRoleArn).toBe("arn:aws:sts::111111111111:assumed-role/deploy/ci-1");
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(cache.entryPath("k"))).mode & 0o777).toBe(0o600);
  });

  it("a FIFO, a directory or an oversized file as the entry, a FIFO or a directory as its lock: a miss, never a hang", async () => {
    const cache = new CredentialCache(dir, { lockTimeoutMs: 5000 });
    await mkdir(dir, { mode: 0o700 });
    const started = Date.now();
    for (const [entry, lock] of [
      ["fifo", "fifo"],
      ["big", "dir"],
      ["dir", "none"],
    ] as const) {
      const path = cache.entryPath(`k-${entry}`);
      if (entry === "fifo") await run("mkfifo", ["-m", "600", path]);
      if (entry === "dir") await mkdir(path, { mode: 0o700 });
      if (entry === "big") await writeFile(path, "x".repeat(17 * 1024 * 1024), { mode: 0o600 });
      if (lock === "fifo") await run("mkfifo", ["-m", "600", `${path}.lock`]);
      if (lock === "dir") await mkdir(`${path}.lock`);
      expect(await cache.read(`k-${entry}`, 600)).toBeUndefined();
      if (entry === "dir") continue; // (a directory cannot be replaced by an entry)
      let produced = 0;
      const lookup = await cache.getOrCreate(`k-${entry}`, 600, async () => {
        produced++;
        return session(3600, `ASIA${entry.toUpperCase()}`);
      });
      expect(lookup).toMatchObject({ fromCache: false });
      expect(produced).toBe(1);
      expect((await cache.read(`k-${entry}`, 600))?.credentials.accessKeyId).toBe(
        `ASIA${entry.toUpperCase()}`,
      );
    }
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("misses when less than min-ttl remains, or the key differs", async () => {
    const cache = new CredentialCache(dir);
    await cache.write("k", session(500));
    expect(await cache.read("k", 600)).toBeUndefined();
    expect(await cache.read("k", 400)).toBeDefined();
    expect(await cache.read("other", 0)).toBeUndefined();
  });

  it.each([
    ["truncated", async (path: string) => truncate(path, 20)],
    ["empty", async (path: string) => truncate(path, 0)],
    ["not JSON", async (path: string) => writeFile(path, "garbage\0\0")],
    ["wrong shape", async (path: string) => writeFile(path, '{"version":1,"key":"k"}')],
    [
      "bad date",
      async (path: string) =>
        writeFile(path, (await readFile(path, "utf8")).replace(/"expiration":"[^"]*"/, '"expiration":"x"')),
    ],
  ])("a %s entry is a miss, and getOrCreate recovers", async (_, damage) => {
    const cache = new CredentialCache(dir);
    await cache.write("k", session(3600, "OLD"));
    await damage(cache.entryPath("k"));
    expect(await cache.read("k", 0)).toBeUndefined();
    const lookup = await cache.getOrCreate("k", 600, async () => session(3600, "NEW"));
    expect(lookup.fromCache).toBe(false);
    expect((await cache.read("k", 0))?.credentials.accessKeyId).toBe("NEW");
  });

  it("ignores an entry others can read, and never reads through a symlink", async () => {
    const cache = new CredentialCache(dir);
    await cache.write("k", session(3600));
    const { chmod } = await import("node:fs/promises");
    await chmod(cache.entryPath("k"), 0o644);
    expect(await cache.read("k", 0)).toBeUndefined();

    await cache.write("real", session(3600));
    await rm(cache.entryPath("k"));
    await symlink(cache.entryPath("real"), cache.entryPath("k"));
    expect(await cache.read("k", 0)).toBeUndefined();
    // writing replaces the symlink itself, never its target
    await cache.write("k", session(3600, "REPLACED"));
    expect((await lstat(cache.entryPath("k"))).isSymbolicLink()).toBe(false);
    expect((await cache.read("real", 0))?.credentials.accessKeyId).toBe("ASIATEST");
  });

  it("refuses a symlinked cache directory: getOrCreate still produces, with a warning", async () => {
    const real = join(root, "real");
    await mkdir(real, { mode: 0o700 });
    await symlink(real, dir);
    const cache = new CredentialCache(dir);
    const lookup = await cache.getOrCreate("k", 600, async () => session(3600));
    expect(lookup.fromCache).toBe(false);
    expect(lookup.warning).toMatch(/symlink/);
    await expect(cache.write("k", session(3600))).rejects.toThrow(/symlink/);
  });

  it("tightens a pre-existing group/world-accessible directory to 0700", async () => {
    await mkdir(dir, { mode: 0o755 });
    const { chmod } = await import("node:fs/promises");
    await chmod(dir, 0o755);
    await new CredentialCache(dir).write("k", session(3600));
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it("getOrCreate: a hit does not produce", async () => {
    const cache = new CredentialCache(dir);
    let calls = 0;
    const produce = async () => {
      calls++;
      return session(3600);
    };
    expect((await cache.getOrCreate("k", 600, produce)).fromCache).toBe(false);
    expect((await cache.getOrCreate("k", 600, produce)).fromCache).toBe(true);
    expect(calls).toBe(1);
  });

  it("getOrCreate: 20 concurrent callers in one process produce once", async () => {
    const cache = new CredentialCache(dir);
    let calls = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        cache.getOrCreate("k", 600, async () => {
          calls++;
          await new Promise((done) => setTimeout(done, 50));
          return session(3600);
        }),
      ),
    );
    expect(calls).toBe(1);
    expect(results.filter((r) => !r.fromCache)).toHaveLength(1);
  });

  it("getOrCreate: 8 concurrent cold PROCESSES produce exactly once", async () => {
    const counter = join(root, "counter");
    await writeFile(counter, "");
    const outputs = await Promise.all(
      Array.from({ length: 8 }, () =>
        run(process.execPath, ["--import", "tsx", worker, dir, "shared-key", counter], { timeout: 60_000 }),
      ),
    );
    const lines = (await readFile(counter, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(1);
    const parsed = outputs.map((o) => JSON.parse(o.stdout) as { fromCache: boolean; accessKeyId: string });
    expect(parsed.filter((p) => !p.fromCache)).toHaveLength(1);
    expect(new Set(parsed.map((p) => p.accessKeyId)).size).toBe(1);
  }, 60_000);
});
