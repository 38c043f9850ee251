import { UsageError } from "../core/errors.js";

/**
 * `--profile` on a command that works on two AWS sides (the target accounts and BUILD): which side it meant is
 * not guessed. A clear error naming the flags that are, instead of "unknown option".
 */
export function refuseProfile(command: string, profile: string | undefined, hasSource = false): void {
  if (profile === undefined) return;
  throw new UsageError(
    `crossrole ${command}: --profile is ambiguous here: this command works on the target accounts and on BUILD.`,
    {
      hint: `Use --target-profile ${profile} (target accounts' admin) and/or --build-profile ${profile} (BUILD admin)${hasSource ? `, or --source-profile ${profile} (the BUILD credentials that assume the roles)` : ""}.`,
    },
  );
}
