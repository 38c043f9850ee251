import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CachedEcrToken, EcrTokenCache, ecrTokenCacheKey } from "./ecr-token-cache.js";
import { readCachedEcrToken } from "./read-cached-ecr-token.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-ecr-read-"));
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
const keyFor = (caller: string) =>
  ecrTokenCacheKey({ host: token.host, roleArn: "arn:aws:iam::111111111111:role/r", caller });
const key = keyFor("c");

/** Stores `token` under `key` through the cache itself, so the reader is checked against the real format. */
async function store(): Promise<string> {
  await new EcrTokenCache(dir, { now: () => issued }).getOrCreate(key, async () => token);
  const [file] = await readdir(join(dir, "ecr"));
  return join(dir, "ecr", file as string);
}

describe("readCachedEcrToken (EcrTokenCache's on-disk format)", () => {
  it.each([
    ["at issue", 0, true],
    ["just before the refresh time", 5.99, true],
    ["at the refresh time", 6, false],
    ["after expiry", 13, false],
    ["within the clock-skew allowance before issue", -0.05, true],
    ["more than 5 minutes before issue", -0.1, false],
  ])("%s → %s", async (_what, hours, hit) => {
    await store();
    expect(readCachedEcrToken(dir, key, at(hours))).toEqual(
      hit ? { username: "AWS", password: "secret" } : undefined,
    );
    // The cache itself agrees.
    const read = await new EcrTokenCache(dir, { now: () => at(hours) }).read(key);
    expect(read !== undefined).toBe(hit);
  });

  it("is a miss for another caller's key, and for an entry whose stored key differs (a renamed file)", async () => {
    const file = await store();
    expect(readCachedEcrToken(dir, keyFor("another caller"), at(1))).toBeUndefined();
    const other = keyFor("another caller");
    const entry = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...entry, key: other }), { mode: 0o600 });
    expect(readCachedEcrToken(dir, key, at(1))).toBeUndefined();
  });

  it.each([
    ["truncated", (text: string) => text.slice(0, 20)],
    ["another version", (text: string) => text.replace('"version":1', '"version":2')],
    ["an empty password", (text: string) => text.replace('"password":"secret"', '"password":""')],
    ["a bad date", (text: string) => text.replace(/"refreshAt":"[^"]*"/, '"refreshAt":"soon"')],
  ])("a %s entry is a miss", async (_what, edit) => {
    const file = await store();
    await writeFile(file, edit(await readFile(file, "utf8")), { mode: 0o600 });
    expect(readCachedEcrToken(dir, key, at(1))).toBeUndefined();
  });

  it("never reads an entry others can read, or a directory others can write", async () => {
    const file = await store();
    await chmod(file, 0o644);
    expect(readCachedEcrToken(dir, key, at(1))).toBeUndefined();
    await chmod(file, 0o600);
    await chmod(join(dir, "ecr"), 0o777);
    expect(readCachedEcrToken(dir, key, at(1))).toBeUndefined();
  });

  it("is a miss without a cache directory", () => {
    expect(readCachedEcrToken(join(dir, "none"), key, at(1))).toBeUndefined();
  });
});
