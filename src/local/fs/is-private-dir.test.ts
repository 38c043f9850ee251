import { chmod, chown, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CredentialCache } from "../cache/credential-cache.js";
import { EcrTokenCache } from "../cache/ecr-token-cache.js";
import { SpecResolutionCache } from "../cache/spec-resolution-cache.js";
import { isPrivateDir } from "./private-file.js";

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "crossrole-private-dir-"));
  dir = join(root, "cache");
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** Puts the directory `dir` into a state; returns the path to check. */
type Setup = (dir: string) => Promise<string>;
const withMode =
  (mode: number): Setup =>
  async (d) => {
    await mkdir(d, { recursive: true });
    await chmod(d, mode);
    return d;
  };

describe("isPrivateDir", () => {
  it.each<[string, boolean, Setup]>([
    ["0700", true, withMode(0o700)],
    ["0750 (group may read: entries are 0600 themselves)", true, withMode(0o750)],
    ["0755 (world may read)", true, withMode(0o755)],
    ["0770 (group may write)", false, withMode(0o770)],
    ["0720 (group may write)", false, withMode(0o720)],
    ["0702 (world may write)", false, withMode(0o702)],
    ["0777", false, withMode(0o777)],
    ["1777 (sticky, as /tmp)", false, withMode(0o1777)],
    ["missing", false, async (d) => d],
    [
      "a regular file",
      false,
      async (d) => {
        await writeFile(d, "x");
        return d;
      },
    ],
    [
      "a symlink to a 0700 directory of ours",
      false,
      async (d) => {
        await mkdir(`${d}-real`, { mode: 0o700 });
        await symlink(`${d}-real`, d);
        return d;
      },
    ],
  ])("%s → %s", async (_, expected, setup) => {
    expect(isPrivateDir(await setup(dir))).toBe(expected);
  });

  it.runIf(isRoot)("a 0700 directory another user owns → false", async () => {
    await mkdir(dir, { mode: 0o700 });
    await chown(dir, NOBODY, NOBODY);
    expect(isPrivateDir(dir)).toBe(false);
  });
});

/** Each cache that reads entries: how to store one, read it back (undefined = miss), and the directory it reads. */
interface CacheCase {
  write(): Promise<void>;
  read(): Promise<unknown>;
  dir(): string;
}

const expiration = new Date(Date.now() + 3600_000);
const caches: [string, () => CacheCase][] = [
  [
    "credential cache (sessions)",
    () => {
      const cache = new CredentialCache(dir);
      return {
        write: () =>
          cache.write("k", {
            roleArn: "arn:aws:iam::111111111111:role/deploy",
            credentials: { accessKeyId: "ASIA1", secretAccessKey: "s", sessionToken: "t", expiration },
          }),
        read: () => cache.read("k", 60),
        dir: () => cache.dir,
      };
    },
  ],
  [
    "ECR token cache",
    () => {
      const now = new Date();
      const cache = new EcrTokenCache(dir, { now: () => now });
      const token = {
        host: "111111111111.dkr.ecr.eu-west-1.amazonaws.com",
        username: "AWS",
        password: "p",
        issuedAt: now,
        expiresAt: expiration,
        refreshAt: expiration,
      };
      return {
        write: async () => {
          await cache.getOrCreate("k", async () => token);
        },
        read: () => cache.read("k"),
        dir: () => cache.dir,
      };
    },
  ],
  [
    "spec-resolution cache",
    () => {
      const cache = new SpecResolutionCache(dir, "1.0.0");
      const target = {
        name: "deploy",
        account: "111111111111",
        roleArn: "arn:aws:iam::111111111111:role/deploy",
        region: "eu-west-1",
        maxSessionDuration: 3600,
        principalArn: "arn:aws:iam::222222222222:user/ci",
      };
      return {
        write: () => cache.write("digest", [target]),
        read: () => cache.read("digest"),
        dir: () => dir,
      };
    },
  ],
];

describe("every cache reads only from a private directory", () => {
  it.each(caches)(
    "%s: a group/world-writable directory is a miss; the next write tightens it",
    async (_, make) => {
      const cache = make();
      await cache.write();
      expect(await cache.read()).toBeDefined();
      for (const mode of [0o777, 0o770, 0o702]) {
        await chmod(cache.dir(), mode);
        expect(await cache.read(), `mode ${mode.toString(8)}`).toBeUndefined();
      }
      await cache.write(); // ensurePrivateDir: 0700 again
      expect(await cache.read()).toBeDefined();
    },
  );

  it("tightening a directory others could write discards its entries: they are never read again", async () => {
    const cache = new CredentialCache(dir);
    const session = (id: string) => ({
      roleArn: "arn:aws:iam::111111111111:role/deploy",
      credentials: { accessKeyId: id, secretAccessKey: "s", sessionToken: "t", expiration },
    });
    await cache.write("planted", session("ASIAOLD"));
    await chmod(dir, 0o757);
    const lookup = await cache.getOrCreate("planted", 60, async () => session("ASIANEW"));
    expect(lookup.fromCache).toBe(false);
    expect(lookup.session.credentials.accessKeyId).toBe("ASIANEW");
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    await chmod(dir, 0o775);
    await cache.write("other", session("ASIAOTHER"));
    expect(await readdir(dir)).toEqual([cache.entryPath("other").slice(dir.length + 1)]);
  });

  it.runIf(isRoot).each(caches)("%s: a directory another user owns is a miss", async (_, make) => {
    const cache = make();
    await cache.write();
    await chown(cache.dir(), NOBODY, NOBODY);
    expect(await cache.read()).toBeUndefined();
  });
});
