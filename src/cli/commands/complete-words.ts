import { resolveSpecPath } from "../../outputs/spec-file/resolve-spec-path.js";
import { loadSpec } from "../../workflows/load-spec.js";
import type { CliContext } from "../cli-context.js";
import { ExitCode } from "../exit-codes.js";

/**
 * `crossrole __complete targets [-c FILE]`: the target names of the spec, one a line, for the completion scripts
 * (`crossrole completion`). The spec is found as every command finds it. Silent, with exit 0, on any error: a
 * completion must never print into the user's command line.
 */
export async function runCompleteWords(argv: string[], ctx: CliContext): Promise<number> {
  try {
    const [what, ...rest] = argv;
    if (what !== "targets") return ExitCode.ok;
    const c = rest.indexOf("-c") >= 0 ? rest.indexOf("-c") : rest.indexOf("--config");
    const flag = c >= 0 ? rest[c + 1] : undefined;
    const { spec } = await loadSpec(resolveSpecPath({ flag, env: ctx.env, cwd: ctx.cwd }));
    const names = Object.keys(spec.targets);
    if (names.length > 0) ctx.stdout.write(`${names.join("\n")}\n`);
  } catch {
    // nothing: see above
  }
  return ExitCode.ok;
}
