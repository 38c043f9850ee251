import { CrossroleError } from "../core/errors.js";
import { askConfirmation } from "./ask-confirmation.js";
import type { CliContext } from "./cli-context.js";

/** What a command that changes AWS asks before it does. */
export interface ConfirmationRequest {
  /** The command as typed after `crossrole`, e.g. `apply` or `rotate build-key`: named in the refusal. */
  command: string;
  /** `--yes` was given. */
  yes: boolean;
  /** The y/N question asked on a terminal. */
  question: string;
  /** The command has `--dry-run`: the refusal's hint offers it. */
  dryRun?: boolean;
}

/**
 * The one confirmation gate of every command that changes AWS (apply, destroy, revoke, rollout, rotate): `--yes`
 * proceeds; stdin that is not a terminal (CI) is refused with CONFIRMATION_REQUIRED (exit 2, nothing changed), since
 * nobody can answer; a terminal is asked. True: go ahead; false: the user declined.
 */
export async function confirmOrRefuse(ctx: CliContext, request: ConfirmationRequest): Promise<boolean> {
  if (request.yes) return true;
  if (!ctx.stdinIsTTY) {
    throw new CrossroleError(
      "CONFIRMATION_REQUIRED",
      "invalid-input",
      `crossrole ${request.command}: refusing without --yes: stdin is not a terminal, so crossrole cannot ask for confirmation. Nothing was changed.`,
      {
        hint: `Review what is shown above, then re-run with --yes${request.dryRun === true ? " (or --dry-run to only look)" : ""}.`,
      },
    );
  }
  return askConfirmation(ctx, request.question);
}
