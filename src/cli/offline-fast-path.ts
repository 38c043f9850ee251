import type { CommandHandler } from "./cli-context.js";
import { runLint } from "./commands/lint.js";
import { runPlan } from "./commands/plan.js";
import { HandOverToFullCli } from "./hand-over-to-full-cli.js";
import { holdOutput } from "./held-output.js";
import { processContext } from "./process-context.js";
import { runCommand } from "./run-command.js";

/** The commands this fast path answers: offline, and the ones a CI step or an editor hook runs again and again. */
const commands: Readonly<Record<string, CommandHandler>> = { plan: runPlan, lint: runLint };

/**
 * `crossrole plan` and `crossrole lint` as one CommonJS bundle (dist/chunks/offline-fast-path.cjs) that the launcher
 * (bin.ts) runs with V8's code cache, instead of the ES-module CLI's ~40 chunks: Node 20 has no compile cache for
 * ES modules, and loading them was the largest share of `plan`'s start-up. The same command code runs, through
 * the same {@link runCommand}, so output, errors and exit codes are the full CLI's. The bundle does not carry the
 * spec's full parser (zod, the yaml package): scripts/build.mjs replaces it with a module that throws
 * {@link HandOverToFullCli}, which loadSpec imports only for a spec the light reader declines, before any file was
 * written; this then returns undefined, having shown nothing (the output is held until the command is done), and
 * the launcher runs the full CLI. Undefined too for any other command.
 */
export async function offlineFastPath(argv: readonly string[]): Promise<number | undefined> {
  const [name, ...rest] = argv;
  const handler = name !== undefined && Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (name === undefined || handler === undefined) return undefined;
  // Held until the command is done: a hand-over must leave nothing shown (the "using spec" notice comes first).
  const output = holdOutput(processContext());
  // Released inside the command: a write that fails (a full disk, a closed terminal) is the command's failure,
  // reported through runCommand as the full CLI reports it, never a stack trace.
  const run: CommandHandler = async (args, ctx) => {
    const code = await handler(args, ctx);
    output.release();
    return code;
  };
  try {
    const code = await runCommand(name, async () => run, rest, output.ctx);
    output.release(); // what runCommand wrote when the command failed
    return code;
  } catch (error) {
    if (error instanceof HandOverToFullCli) return undefined;
    output.release();
    throw error;
  }
}
