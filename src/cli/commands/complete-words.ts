import { loadSpec } from "../../workflows/load-spec.js";
import type { CliContext } from "../cli-context.js";
import { ExitCode } from "../exit-codes.js";
import { locateSpecFor } from "../spec-in-use.js";

/**
 * `crossrole __complete targets [WORDS...]`: the target names of the spec, one a line, for the completion scripts
 * (`crossrole completion`), which pass the words typed so far. The spec is found as every command finds it (a
 * `-c FILE` among the words first). Silent, with exit 0, on any error: a
 * completion must never print into the user's command line.
 */
export async function runCompleteWords(argv: string[], ctx: CliContext): Promise<number> {
  try {
    const [what, ...rest] = argv;
    if (what !== "targets") return ExitCode.ok;
    const flag = configFlag(rest);
    const { spec } = await loadSpec(locateSpecFor(ctx, flag).path);
    const names = Object.keys(spec.targets);
    if (names.length > 0) ctx.stdout.write(`${names.join("\n")}\n`);
  } catch {
    // nothing: see above
  }
  return ExitCode.ok;
}

// --- internal ---

/** The last `-c FILE`, `--config FILE` or `--config=FILE` among the words typed so far. */
function configFlag(words: readonly string[]): string | undefined {
  let found: string | undefined;
  words.forEach((w, i) => {
    if ((w === "-c" || w === "--config") && i + 1 < words.length) found = words[i + 1];
    else if (w.startsWith("--config=")) found = w.slice("--config=".length);
  });
  return found;
}
