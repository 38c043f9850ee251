import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

let cached: Promise<string> | undefined;

/**
 * Absolute path of the real Python interpreter, resolved once per process.
 *
 * `python3` on PATH is often a pyenv shim that costs ~0.4 s per start; asking it for `sys.executable` once lets
 * every later start (emulator, boto3 scripts, aws CLI) skip the shim. Env `CROSSROLE_EMULATOR_PYTHON` overrides
 * the interpreter to ask.
 */
export function resolvePython(): Promise<string> {
  cached ??= (async () => {
    const candidate = process.env.CROSSROLE_EMULATOR_PYTHON ?? "python3";
    try {
      const { stdout } = await execFileAsync(candidate, ["-c", "import sys; print(sys.executable)"], {
        timeout: 20_000,
      });
      const executable = stdout.trim();
      if (executable === "") throw new Error("empty sys.executable");
      return executable;
    } catch (error) {
      throw new Error(
        `crossrole emulator: cannot run ${candidate} (${(error as Error).message}). ` +
          "Install Python 3 with moto 5.2.1 (pip install 'moto[server]==5.2.1'), or point CROSSROLE_EMULATOR_PYTHON " +
          "at an interpreter that has it. To run without the emulator, set CROSSROLE_SKIP_EMULATOR=1.",
      );
    }
  })();
  return cached;
}
