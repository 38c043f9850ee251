import { CrossroleError } from "../core/errors.js";
import type { CliContext, CommandHandler } from "./cli-context.js";
import { errorToExitCode } from "./exit-codes.js";
import { HandOverToFullCli } from "./hand-over-to-full-cli.js";
import { jsonDocumentCommand } from "./json-request.js";
import { renderError } from "./render-error.js";

/**
 * Runs one command and maps what it throws to the exit code table: the error on stderr and, with --json, the
 * error document on stdout (loaded only then). The full CLI (main.ts) and the offline fast path
 * (offline-fast-path.ts) both run commands through it, so a command fails the same way whichever ran it.
 * {@link HandOverToFullCli} is rethrown: the launcher then runs the full CLI.
 */
export async function runCommand(
  name: string,
  load: () => Promise<CommandHandler>,
  argv: string[],
  ctx: CliContext,
): Promise<number> {
  try {
    const handler = await load();
    return await handler(argv, ctx);
  } catch (caught) {
    if (caught instanceof HandOverToFullCli) throw caught;
    const error = isProfileError(caught)
      ? await (await import("./explain-profile-error.js")).explainProfileError(caught, ctx)
      : caught;
    ctx.stderr.write(renderError(error));
    const code = errorToExitCode(error);
    const json = jsonDocumentCommand(name, argv);
    if (json !== undefined) {
      // With --json, stdout holds one document even on failure: the error document (loaded only here).
      const { renderErrorJson } = await import("../outputs/json/render-error-json.js");
      ctx.stdout.write(renderErrorJson(json, error, code));
    }
    return code;
  }
}

function isProfileError(error: unknown): boolean {
  return error instanceof CrossroleError && error.code === "PROFILE_NO_CREDENTIALS";
}
