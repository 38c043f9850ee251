// A spec path that is not a small regular file (issue 13, item 1): `assume` (whose CommonJS fast path reads the spec
// before anything else) and `plan` exit 2 at once, naming the path and what it is, never reading an endless source
// into memory. Every child runs under a timeout, so a regression fails instead of hanging the suite.
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runProcess } from "../support/run-process.js";
import { cliPath, makeTempDir } from "./run-cli.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  await cleanup();
});

/**
 * `crossrole ARGS` in `dir`, its stdin fed by `yes` (an endless writer), killed after 10 s (by `timeout` inside the
 * pipeline, so no process outlives a hang), with its duration.
 */
async function crossrole(args: string[]) {
  const env = { PATH: process.env.PATH ?? "", HOME: dir, AWS_REGION: "eu-west-1" };
  const script = 'yes 2>/dev/null | timeout -s KILL 10 "$0" "$@"';
  const started = Date.now();
  const run = await runProcess("sh", ["-c", script, process.execPath, cliPath, ...args], {
    env,
    cwd: dir,
    timeoutMs: 15_000,
  });
  return { ...run, ms: Date.now() - started };
}

const cases: Array<[string, () => Promise<string>, (path: string) => string]> = [
  [
    "a FIFO with no writer",
    async () => {
      const path = join(dir, "spec.fifo");
      execFileSync("mkfifo", [path]);
      return path;
    },
    (path) => `the access spec ${path} is a FIFO (named pipe), not a regular file`,
  ],
  [
    "/dev/zero",
    async () => "/dev/zero",
    () => "the access spec /dev/zero is a character device, not a regular file",
  ],
  [
    "/dev/stdin fed by an endless writer (yes)",
    async () => "/dev/stdin",
    () => "the access spec /dev/stdin is a FIFO (named pipe), not a regular file",
  ],
  [
    "a 2 MiB file",
    async () => {
      const path = join(dir, "big.yaml");
      await writeFile(path, `# ${"x".repeat(2 * 1024 * 1024 - 3)}\n`);
      return path;
    },
    (path) =>
      `${path}:1:1: is 2 MiB (2097152 bytes); the limit for an access spec is 1 MiB (is this the right file?)`,
  ],
  ["a directory", async () => dir, (path) => `the access spec ${path} is a directory, not a regular file`],
];

describe.each([
  ["assume", ["assume", "ourthing"]],
  ["plan", ["plan"]],
  ["lint", ["lint"]],
  ["ecr login", ["ecr", "login", "ourthing"]],
  ["exec", ["exec", "ourthing", "--", "true"]],
])("crossrole %s -c <not a small regular file>", (_command, args) => {
  it.each(cases)("%s: exit 2 within 3 s, naming the path and what it is", async (_name, make, expected) => {
    const path = await make();
    const at = args.indexOf("--");
    const run = await crossrole(
      at < 0 ? [...args, "-c", path] : [...args.slice(0, at), "-c", path, ...args.slice(at)],
    );
    expect(
      run.code,
      `exit ${run.code} after ${run.ms} ms (137: killed, it hung or kept reading): ${run.stderr}`,
    ).toBe(2);
    expect(run.ms).toBeLessThan(3_000);
    expect(run.stderr).toContain(expected(path));
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain("unexpected error");
    expect(run.stdout).toBe("");
  });
});
