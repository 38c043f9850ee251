import { spawnSync } from "node:child_process";

/** Options of {@link optionalTool}. */
export interface OptionalToolOptions {
  /** Arguments of a quick run that exits 0 when the tool works (default: `--version`). */
  args?: readonly string[];
  /**
   * .ci/run installs the tool: under CI=true the tests never skip (a missing tool fails them with the real error
   * instead of passing CI with nothing proven).
   */
  ciInstalls?: boolean;
  /** How to get the tool, for the printed reason (e.g. "apt-get install skopeo"). */
  install: string;
}

/**
 * Whether an optional tool that some tests prove crossrole's output against (a real client such as fish, skopeo
 * or cfn-lint) runs here: `command --version` exits 0. When it does not, prints which tests are skipped and why,
 * once per test file, so a machine with only what the README lists passes `npm test` and says what it left out.
 * Use it as the condition: `describe.runIf(optionalTool("fish", "fish tests", { install: "…" }))(…)`.
 */
export function optionalTool(command: string, tests: string, options: OptionalToolOptions): boolean {
  const run = spawnSync(command, [...(options.args ?? ["--version"])], { encoding: "utf8", timeout: 20_000 });
  if (run.status === 0) return true;
  if (options.ciInstalls === true && process.env.CI === "true") return true;
  const why = run.error?.message ?? (run.stderr.trim() || `exit ${run.status ?? run.signal}`);
  console.warn(
    `${tests} skipped: ${command} does not run here (${why}). Install it to run them: ${options.install}.`,
  );
  return false;
}
