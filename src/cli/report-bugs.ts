import { InternalError } from "../core/errors.js";
import type { CliContext } from "./cli-context.js";
import { renderError } from "./render-error.js";

/**
 * After a multi-part report: prints each bug met on the way (an {@link InternalError} kept as a part's outcome)
 * with its stack and versions, as the CLI prints a bug that ended a command. The report has already said which
 * part it hit and what was done; the exit code (1) comes from the outcomes.
 */
export function reportBugs(ctx: CliContext, errors: Iterable<unknown>): void {
  const seen = new Set<unknown>();
  for (const error of errors) {
    if (!(error instanceof InternalError) || seen.has(error.cause)) continue;
    seen.add(error.cause);
    ctx.stderr.write(renderError(error.cause));
  }
}
