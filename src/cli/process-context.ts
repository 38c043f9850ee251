import type { CliContext } from "./cli-context.js";
import { fdOutput, isTerminal } from "./fd-output.js";

/**
 * The CliContext of this process: read once at the edge (main.ts, assume-fast-path.ts). Getters and fd writers,
 * because touching process.stdin/stdout/stderr creates Node's stream objects (and loads the net and stream modules
 * for pipes), which only commands that read answers or need a stream should pay for.
 */
export function processContext(): CliContext {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: fdOutput(1, () => process.stdout),
    stderr: fdOutput(2, () => process.stderr),
    get stdinIsTTY() {
      return isTerminal(0, () => process.stdin);
    },
    get stdin() {
      return process.stdin;
    },
  };
}
