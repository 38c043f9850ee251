import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CachedEcrToken, EcrTokenCache, ecrTokenCacheKey } from "./ecr-token-cache.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-ecr-cache-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const issued = new Date("2030-01-01T00:00:00Z");
const at = (hours: number) => new Date(issued.getTime() + hours * 3600_000);
const token: CachedEcrToken = {
  host: "111111111111.dkr.ecr.eu-west-1.amazonaws.com",
  username: "AWS",
  password: "secret",
  issuedAt: issued,
  expiresAt: at(12),
  refreshAt: at(6),
};
const key = ecrTokenCacheKey({ host: token.host, roleArn: "arn:aws:iam::111111111111:role/r", caller: "c" });

describe("EcrTokenCache", () => {
  it("fetches once, then serves the entry until half its life", async () => {
    let now = at(0);
    const cache = new EcrTokenCache(dir, { now: () => now });
    let fetches = 0;
    const fetch = async () => {
      fetches++;
      return token;
    };
    expect((await cache.getOrCreate(key, fetch)).fromCache).toBe(false);
    now = at(5.9);
    expect(await cache.getOrCreate(key, fetch)).toEqual({ token, fromCache: true });
    now = at(6);
    expect((await cache.getOrCreate(key, fetch)).fromCache).toBe(false);
    expect(fetches).toBe(2);
  });

  it("writes 0600 files in a 0700 directory", async () => {
    const cache = new EcrTokenCache(dir, { now: () => issued });
    await cache.getOrCreate(key, async () => token);
    expect((await stat(cache.dir)).mode & 0o777).toBe(0o700);
    const [file] = await readdir(cache.dir);
    expect((await stat(join(cache.dir, file as string))).mode & 0o777).toBe(0o600);
  });

  it("concurrent misses for one key make one fetch", async () => {
    const cache = new EcrTokenCache(dir, { now: () => issued });
    let fetches = 0;
    const fetch = async () => {
      fetches++;
      await new Promise((r) => setTimeout(r, 20));
      return token;
    };
    await Promise.all(Array.from({ length: 8 }, () => cache.getOrCreate(key, fetch)));
    expect(fetches).toBe(1);
  });

  it.each(["", "{", '{"version":1}', JSON.stringify({ version: 1, key: "other" })])(
    "treats a corrupt entry as a miss: %j",
    async (text) => {
      const cache = new EcrTokenCache(dir, { now: () => issued });
      await cache.getOrCreate(key, async () => token);
      await writeFile(cache.entryPath(key), text, { mode: 0o600 });
      expect(await cache.read(key)).toBeUndefined();
    },
  );

  it("keys differ by host, role, ExternalId, endpoint and caller", () => {
    const base = { host: "h", roleArn: "r", caller: "c" };
    const keys = new Set([
      ecrTokenCacheKey(base),
      ecrTokenCacheKey({ ...base, host: "h2" }),
      ecrTokenCacheKey({ ...base, roleArn: "r2" }),
      ecrTokenCacheKey({ ...base, externalId: "e" }),
      ecrTokenCacheKey({ ...base, endpoint: "http://x" }),
      ecrTokenCacheKey({ ...base, caller: "c2" }),
    ]);
    expect(keys.size).toBe(6);
  });
});
