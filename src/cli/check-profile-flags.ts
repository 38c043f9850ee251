import { UsageError } from "../core/errors.js";
import type { CliContext } from "./cli-context.js";
import { missingProfile } from "./explain-profile-error.js";

/** The profile flags of a command that works on two AWS sides (the target accounts and BUILD). */
export interface ProfileFlagValues {
  profile?: string | undefined;
  "target-profile"?: string | undefined;
  "build-profile"?: string | undefined;
  "source-profile"?: string | undefined;
}

/**
 * Before any AWS call of a two-sided command: `--profile` is refused with the flags that are meant (which side it
 * meant is not guessed), and each profile named by a flag must exist in the AWS files ("profile NAME not found in
 * FILE", exit 2), instead of surfacing later as one side's "no credentials" among the per-account failures.
 */
export async function checkProfileFlags(
  command: string,
  values: ProfileFlagValues,
  ctx: CliContext,
): Promise<void> {
  const hasSource = ["verify", "revoke", "rotate"].includes(command);
  if (values.profile !== undefined) {
    const p = values.profile;
    throw new UsageError(
      `crossrole ${command}: --profile is ambiguous here: this command works on the target accounts and on BUILD.`,
      {
        hint: `Use --target-profile ${p} (target accounts' admin) and/or --build-profile ${p} (BUILD admin)${hasSource ? `, or --source-profile ${p} (the BUILD credentials that assume the roles)` : ""}.`,
      },
    );
  }
  for (const name of new Set([values["target-profile"], values["build-profile"], values["source-profile"]])) {
    if (name === undefined) continue;
    const missing = await missingProfile(name, ctx);
    if (missing !== undefined) throw missing;
  }
}
