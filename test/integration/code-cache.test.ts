// The V8 code cache of the STS script is never a way to run code: nothing in the credential cache directory (which
// a CI cache restore can fill) is compiled or run, and the cache beside the script is used only when whoever could
// write it could rewrite the script itself.
import { execFileSync } from "node:child_process";
import { chmod, chown, cp, readdir, readFile, realpath, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fastHash } from "../../src/core/session/fast-hash.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { runProcess } from "../support/run-process.js";
import { type AssumeWorld, cliPath, createAssumeWorld, runCrossrole } from "./assume-world.js";

const emulator = useEmulator({ reset: "test" });

let world: AssumeWorld;
let marker: string;
beforeEach(async () => {
  world = await createAssumeWorld(emulator);
  marker = join(world.sandbox.dir, "forged-code-ran");
});
afterEach(async () => {
  await world.sandbox.cleanup();
});

const cacheDir = () => world.env.CROSSROLE_CACHE_DIR as string;
const VERSION = (
  JSON.parse(await readFile(join(dirname(cliPath), "../package.json"), "utf8")) as { version: string }
).version;

/**
 * Plants a code cache entry exactly as an attacker who can write `path` would: V8 accepts cached data made from ANY
 * script of the same source length (and flags), so a script that writes `marker`, padded to the STS script's
 * length, is compiled in a clean Node process (the same V8 flags as crossrole's), and its code cache is wrapped in
 * the header loadCachedScript checks: the key (crossrole and Node versions, flags, the script's path and
 * identity, all public) and a recomputed SHA-256.
 */
function plantForgedCodeCache(path: string, script: string, keyVersion: number, checksum = true): void {
  const forge = `
const { readFileSync, statSync, writeFileSync } = require("node:fs");
const { createHash } = require("node:crypto");
const { Script } = require("node:vm");
const [script, out, marker, version, keyVersion, checksum] = process.argv.slice(1);
const source = readFileSync(script, "latin1");
const evil = "require('node:fs').writeFileSync(" + JSON.stringify(marker) + ", 'ran');";
const padded = evil + "/*" + " ".repeat(source.length - evil.length - 4) + "*/";
const payload = new Script("(function (exports, require, module, __filename, __dirname) {" + padded + "\\n})", { filename: script }).createCachedData();
const info = statSync(script);
const key = JSON.stringify(["code", Number(keyVersion), version, process.version, process.arch, [], "", script, info.size, info.mtimeMs, info.ino]);
const header = JSON.stringify({ key, sha256: checksum === "yes" ? createHash("sha256").update(payload).digest("hex") : null }) + "\\n";
writeFileSync(out, Buffer.concat([Buffer.from(header, "latin1"), payload]), { mode: 0o600 });
`;
  execFileSync(
    process.execPath,
    ["-e", forge, script, path, marker, VERSION, String(keyVersion), checksum ? "yes" : "no"],
    {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    },
  );
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe("V8 code cache of the STS script and of the assume fast path", () => {
  it("a forged code-*.bin in the credential cache directory is never run by assume --no-cache or exec", async () => {
    const script = await realpath(join(dirname(cliPath), "chunks/sts-adapter.cjs"));
    const first = await runCrossrole(["assume", "deploy"], { env: world.env, cwd: world.sandbox.dir });
    expect(first.code, first.stderr).toBe(0);
    // Where crossrole 0.1.0 kept it, under both key versions.
    for (const keyVersion of [1, 2]) {
      plantForgedCodeCache(join(cacheDir(), `code-${fastHash(script)}.bin`), script, keyVersion);
      const assume = await runCrossrole(["assume", "deploy", "--no-cache"], {
        env: world.env,
        cwd: world.sandbox.dir,
      });
      expect(await exists(marker), "forged code ran in assume --no-cache").toBe(false);
      expect(assume.code, assume.stderr).toBe(0);
      const exec = await runCrossrole(["exec", "deploy", "--no-cache", "--", "true"], {
        env: world.env,
        cwd: world.sandbox.dir,
      });
      expect(await exists(marker), "forged code ran in exec").toBe(false);
      expect(exec.code, exec.stderr).toBe(0);
    }
    // The next cache write removes it.
    await runCrossrole(["assume", "deploy", "--session-name", "other"], {
      env: world.env,
      cwd: world.sandbox.dir,
    });
    expect((await readdir(cacheDir())).filter((name) => name.startsWith("code-"))).toEqual([]);
  });

  it("lives beside the script (0600) when the install is ours; an install others can write, or another user owns, gets none and still works", async () => {
    const install = join(world.sandbox.dir, "install");
    await cp(dirname(cliPath), install, { recursive: true });
    for (const path of await dotCaches(join(install, "chunks"))) await rm(path);
    const chunks = join(install, "chunks");
    const run = (args: string[]) =>
      runProcess(process.execPath, [join(install, "crossrole.cjs"), ...args], {
        env: world.env,
        cwd: world.sandbox.dir,
      });

    await chmod(chunks, 0o755);
    const ours = await run(["assume", "deploy"]);
    expect(ours.code, ours.stderr).toBe(0);
    const cache = join(chunks, ".sts-adapter.cjs.v8cache");
    expect((await stat(cache)).mode & 0o777).toBe(0o600);
    expect((await readdir(cacheDir())).filter((name) => name.startsWith("code-"))).toEqual([]);

    // The control: beside a script we own, a planted entry IS run (whoever can plant it could edit the script).
    plantForgedCodeCache(cache, join(chunks, "sts-adapter.cjs"), 2);
    await run(["assume", "deploy", "--no-cache"]);
    expect(await exists(marker), "the forged entry is accepted by V8").toBe(true);
    await rm(marker);

    // The launcher's fast path has its code cache beside it too (no checksum: see loadCachedScript); the same
    // control holds for it.
    const fastPathCache = join(chunks, ".assume-fast-path.cjs.v8cache");
    expect((await stat(fastPathCache)).mode & 0o777).toBe(0o600);
    const plantBoth = () => {
      plantForgedCodeCache(cache, join(chunks, "sts-adapter.cjs"), 2);
      plantForgedCodeCache(fastPathCache, join(chunks, "assume-fast-path.cjs"), 2, false);
    };
    plantForgedCodeCache(fastPathCache, join(chunks, "assume-fast-path.cjs"), 2, false);
    await run(["assume", "deploy"]);
    expect(await exists(marker), "the forged fast-path entry is accepted by V8").toBe(true);
    await rm(marker);

    // An install directory others can write: a planted entry is not run, none is written, the CLI works.
    await chmod(chunks, 0o777);
    plantBoth();
    const loose = await run(["assume", "deploy", "--no-cache"]);
    expect(loose.code, loose.stderr).toBe(0);
    expect(await exists(marker), "forged code ran from a world-writable install").toBe(false);
    for (const path of await dotCaches(chunks)) await rm(path);
    expect((await run(["assume", "deploy", "--session-name", "loose"])).code).toBe(0);
    expect(await dotCaches(chunks)).toEqual([]);

    if (process.getuid?.() !== 0) return; // chown needs root
    await chmod(chunks, 0o755);
    await chown(chunks, 65534, 65534);
    plantBoth();
    const foreign = await run(["assume", "deploy", "--no-cache"]);
    expect(foreign.code, foreign.stderr).toBe(0);
    expect(await exists(marker), "forged code ran from another user's install").toBe(false);
  });
});

async function dotCaches(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith(".v8cache")).map((name) => join(dir, name));
}
