import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { runProcess } from "../support/run-process.js";
import { resolvePython } from "./python.js";

const execFileAsync = promisify(execFile);

/** Outcome of a child process. */
export interface ProcessResult {
  /** Exit code, or null when killed by a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runAwsCli} and {@link runBoto3}. */
export interface RunOptions {
  /** The COMPLETE environment of the child (typically `sandbox.env`); nothing else is inherited. */
  env: Record<string, string>;
  /** Kill the child after this many ms (default 30 s). */
  timeoutMs?: number;
  /** Written to the child's stdin. */
  input?: string;
}

function run(command: string, args: string[], options: RunOptions): Promise<ProcessResult> {
  return runProcess(command, args, {
    env: options.env,
    input: options.input ?? "",
    timeoutMs: options.timeoutMs ?? 30_000,
  });
}

let awsCommand: Promise<string[]> | undefined;

/**
 * The aws CLI v1 command line: `CROSSROLE_AWS_CLI` if set; else `<real python> -m awscli` when that interpreter has
 * the CLI (same program as the `aws` script, without the ~0.4 s pyenv shim); else `aws` from PATH.
 */
export function resolveAwsCli(): Promise<string[]> {
  awsCommand ??= (async () => {
    const override = process.env.CROSSROLE_AWS_CLI;
    if (override) return [override];
    const python = await resolvePython();
    try {
      await execFileAsync(python, ["-c", "import awscli"], { timeout: 20_000 });
      return [python, "-m", "awscli"];
    } catch {
      return ["aws"];
    }
  })();
  return awsCommand;
}

/** Run the aws CLI v1 with `args` in the given environment. */
export async function runAwsCli(args: string[], options: RunOptions): Promise<ProcessResult> {
  const [command, ...prefix] = await resolveAwsCli();
  if (command === undefined) throw new Error("crossrole emulator: no aws CLI command");
  return run(command, [...prefix, ...args], options);
}

/** Run a Python program (source text, e.g. using boto3) with the real interpreter in the given environment. */
export async function runBoto3(pythonSource: string, options: RunOptions): Promise<ProcessResult> {
  return run(await resolvePython(), ["-c", pythonSource], options);
}
