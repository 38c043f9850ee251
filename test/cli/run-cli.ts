import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runProcess } from "../support/run-process.js";

/** The built CLI (npm test builds before running vitest). */
export const cliPath = resolve(import.meta.dirname, "../../dist/crossrole.cjs");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `crossrole` binary with a clean environment (no AWS_* or CROSSROLE_* from the caller). */
export async function runCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; input?: string },
): Promise<CliResult> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: options.cwd, ...options.env };
  const { code, stdout, stderr } = await runProcess(process.execPath, [cliPath, ...args], {
    cwd: options.cwd,
    env,
    input: options.input ?? "",
  });
  return { code, stdout, stderr };
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "crossrole-cli-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The `init` arguments of the two-account spec most CLI tests start from (target `ourthing`, BUILD `user/ci-builder`). */
export const initArgs = [
  "init",
  "--build-account",
  "222222222222",
  "--build-principal",
  "user/ci-builder",
  "--target",
  "ourthing=111111111111",
  "--role",
  "OurThingBuildRole",
  "--region",
  "eu-west-1",
];

/** Writes that spec into `dir` with the real `crossrole init`; throws with its stderr if init fails. */
export async function initSpec(dir: string): Promise<void> {
  const init = await runCli(initArgs, { cwd: dir });
  if (init.code !== 0) throw new Error(`crossrole init failed (${init.code}): ${init.stderr}`);
}
