// Special files where crossrole reads (issue 13, item 1): FIFOs planted in the cache directory, a FIFO or a device as
// an AWS shared file. Each command must answer within a bounded time: a cache entry that is not a regular file is a
// miss; an AWS shared file the SDK would block on is exit 5 naming the variable, the path and what it is. Every child
// runs under a timeout, so a regression fails here instead of hanging the suite.
import { execFileSync } from "node:child_process";
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TARGET } from "../emulator/accounts.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { runProcess } from "../support/run-process.js";
import { type AssumeWorld, cliPath, createAssumeWorld } from "./assume-world.js";
import { createEcrWorld, type EcrWorld, HOST, helperPath, passwordFor } from "./ecr-world.js";

const emulator = useEmulator({ reset: "test" });

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function assumeWorld(): Promise<AssumeWorld> {
  const world = await createAssumeWorld(emulator);
  cleanup = () => world.sandbox.cleanup();
  return { ...world, env: { ...world.env, CROSSROLE_CONFIG: world.specPath } };
}

async function ecrWorld(): Promise<EcrWorld> {
  const world = await createEcrWorld(emulator);
  cleanup = () => world.sandbox.cleanup();
  return world;
}

/** A run of a built executable, killed after `killAfterMs`, with its duration. */
async function timed(
  script: string,
  args: string[],
  env: Record<string, string>,
  input = "",
  killAfterMs = 20_000,
) {
  const started = Date.now();
  const run = await runProcess(process.execPath, [script, ...args], { env, input, timeoutMs: killAfterMs });
  return { ...run, ms: Date.now() - started };
}

function mkfifo(path: string): void {
  execFileSync("mkfifo", [path]);
}

/**
 * Replaces every file under `dir` with a FIFO of the same name, and adds a FIFO where each entry's lock would go:
 * what a hostile (or corrupted, restored) cache directory can hold. Returns how many were planted.
 */
async function plantFifos(dir: string): Promise<number> {
  let planted = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    await rm(path);
    mkfifo(path);
    planted++;
    if (path.endsWith(".json")) {
      await rm(`${path}.lock`, { force: true });
      mkfifo(`${path}.lock`);
      planted++;
    }
  }
  return planted;
}

/** The user's mistake, said plainly: no stack trace, no "unexpected error". */
function expectPlainError(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain("unexpected error");
}

describe("FIFOs in the cache directory are cache misses, never a hang", () => {
  it("assume, assume --no-cache and exec answer (one AssumeRole each) with every cache file a FIFO", async () => {
    const world = await assumeWorld();
    const cacheDir = world.env.CROSSROLE_CACHE_DIR as string;
    const cold = await timed(cliPath, ["assume", "deploy", "--format", "json"], world.env);
    expect(cold.code, cold.stderr).toBe(0);
    const names = await readdir(cacheDir);
    // Compiled code never lives in the credential cache directory (it is kept beside the bundle, issue 13 item 2).
    expect(names.some((n) => n.startsWith("code-"))).toBe(false);
    expect(names.some((n) => n.startsWith("target-"))).toBe(true);
    expect(await plantFifos(cacheDir)).toBe(names.length + names.filter((n) => n.endsWith(".json")).length);

    const runs = [
      ["assume", "deploy", "--format", "json"],
      ["assume", "deploy", "--format", "json", "--no-cache"],
      ["exec", "deploy", "--", process.execPath, "-e", "process.exit(process.env.AWS_SESSION_TOKEN ? 0 : 9)"],
    ];
    for (const args of runs) {
      await plantFifos(cacheDir); // again: the previous run replaced them with real entries
      const before = (await emulator.sessions()).length;
      const run = await timed(cliPath, args, world.env);
      expect(run.signal, `${args.join(" ")} hung: killed after ${run.ms} ms`).toBeNull();
      expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(0);
      expect(run.ms).toBeLessThan(15_000);
      expect((await emulator.sessions()).length).toBe(before + 1);
      if (args[0] === "assume") expect(JSON.parse(run.stdout).AccessKeyId).toMatch(/^ASIA/);
    }
    // The FIFO entries were replaced by real ones: the next run is a hit.
    const session = (await readdir(cacheDir)).filter((f) => /^[0-9a-f]+\.json$/.test(f));
    expect(session.length).toBeGreaterThan(0);
    for (const f of session) expect((await stat(join(cacheDir, f))).isFile()).toBe(true);
  }, 120_000);

  it("ecr login and docker-credential-crossrole get answer with every cache file a FIFO", async () => {
    const world = await ecrWorld();
    const cacheDir = world.env.CROSSROLE_CACHE_DIR as string;
    const first = await timed(cliPath, ["ecr", "login", "deploy"], world.env);
    expect(first.code, first.stderr).toBe(0);
    const got = await timed(helperPath, ["get"], world.env, HOST);
    expect(got.code, got.stderr).toBe(0);
    expect(await plantFifos(cacheDir)).toBeGreaterThanOrEqual(3); // ECR token, target index, session

    const login = await timed(cliPath, ["ecr", "login", "deploy"], world.env);
    expect(login.signal, `ecr login hung: killed after ${login.ms} ms`).toBeNull();
    expect(login.code, login.stderr).toBe(0);
    expect(login.ms).toBeLessThan(15_000);

    await plantFifos(cacheDir);
    const get = await timed(helperPath, ["get"], world.env, HOST);
    expect(get.signal, `docker-credential-crossrole get hung: killed after ${get.ms} ms`).toBeNull();
    expect(get.code, get.stderr).toBe(0);
    expect(JSON.parse(get.stdout).Secret).toBe(passwordFor(TARGET));
    expect(get.ms).toBeLessThan(15_000);
  }, 120_000);
});

describe("an AWS shared file that is a FIFO or a device: exit 5 at once, naming it", () => {
  it.each([
    ["AWS_CONFIG_FILE", "a FIFO", "is a FIFO (named pipe), not a regular file"],
    ["AWS_CONFIG_FILE", "/dev/zero", "is a character device, not a regular file"],
    ["AWS_SHARED_CREDENTIALS_FILE", "a FIFO", "is a FIFO (named pipe), not a regular file"],
  ])(
    "%s is %s: assume, assume --no-cache and profile",
    async (variable, kind, phrase) => {
      const world = await assumeWorld();
      const path = kind === "/dev/zero" ? kind : join(world.sandbox.dir, "aws-fifo");
      if (path !== "/dev/zero") mkfifo(path);
      const env = { ...world.env, [variable]: path };
      for (const args of [
        ["assume", "deploy", "--format", "json"],
        ["assume", "deploy", "--format", "json", "--no-cache"],
        ["profile", "deploy", "-c", world.specPath, "--source-profile", "build"],
      ]) {
        const run = await timed(cliPath, args, env, "", 10_000);
        expect(run.signal, `${args.join(" ")} hung: killed after ${run.ms} ms`).toBeNull();
        expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(5);
        expect(run.ms).toBeLessThan(3_000);
        expect(run.stderr).toContain(`${path} ${phrase}`);
        // The SDK's preflight names the variable that chose the file.
        if (args[0] === "assume") expect(run.stderr).toContain(`the ${variable} ${path} ${phrase}`);
        expectPlainError(run.stderr);
      }
      expect(await emulator.sessions()).toHaveLength(0);
    },
    60_000,
  );

  it("AWS_WEB_IDENTITY_TOKEN_FILE that is a FIFO: exit 5 before the SDK reads it", async () => {
    const world = await assumeWorld();
    const path = join(world.sandbox.dir, "token-fifo");
    mkfifo(path);
    const { AWS_ACCESS_KEY_ID: _k, AWS_SECRET_ACCESS_KEY: _s, ...env } = world.env;
    const run = await timed(
      cliPath,
      ["assume", "deploy", "--format", "json", "--no-cache"],
      { ...env, AWS_WEB_IDENTITY_TOKEN_FILE: path, AWS_ROLE_ARN: `arn:aws:iam::${TARGET}:role/deploy` },
      "",
      10_000,
    );
    expect(run.signal, `hung: killed after ${run.ms} ms`).toBeNull();
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toContain(`the AWS_WEB_IDENTITY_TOKEN_FILE ${path} is a FIFO (named pipe)`);
    expectPlainError(run.stderr);
  }, 60_000);
});
