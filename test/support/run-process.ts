import { spawn } from "node:child_process";

/** Outcome of a child process. */
export interface ProcessRun {
  /** Exit code, or null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runProcess}. */
export interface RunProcessOptions {
  /** The COMPLETE environment of the child; nothing else is inherited. */
  env: Record<string, string>;
  cwd?: string;
  /** Written to the child's stdin, which is then closed (default: nothing). */
  input?: string;
  /** Give the child no stdin at all (/dev/null) instead of a closed pipe; `input` is then ignored. */
  ignoreStdin?: boolean;
  /** Kill the child (SIGKILL) after this many ms (default: never). */
  timeoutMs?: number;
}

/** Runs `command args` (no shell) with exactly `env`, collecting stdout and stderr, until it closes. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions,
): Promise<ProcessRun> {
  return new Promise((done, fail) => {
    const child = spawn(command, [...args], {
      env: options.env,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      stdio: [options.ignoreStdin === true ? "ignore" : "pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
    });
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString("utf8");
    });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
    child.stdin?.end(options.input ?? "");
  });
}
