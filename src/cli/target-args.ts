import { UsageError } from "../core/errors.js";

/*
 * The one way a command is told which targets to work on: names as positional arguments and/or `-t, --target NAME`
 * (repeatable; declared in src/cli/options/option-table.ts), both meaning the same. Which names exist is checked
 * against the spec by `selectTargets` (src/core/plan/select-targets.ts), with a did-you-mean; here only argv is
 * read, so assume's fast path can use it.
 */

/** The selected names: positionals and `--target` values together, each once, in the order given. */
export function targetNames(
  positionals: readonly string[],
  flagged: readonly string[] | undefined,
): string[] {
  return [...new Set([...positionals, ...(flagged ?? [])])];
}

/** For commands that work on one target: its name (undefined when none was given). */
export function oneTargetName(
  command: string,
  positionals: readonly string[],
  flagged: readonly string[] | undefined,
  hint?: string,
): string | undefined {
  const names = targetNames(positionals, flagged);
  if (names.length > 1) {
    throw new UsageError(`crossrole ${command}: one TARGET expected, got ${names.join(", ")}.`, {
      hint: hint ?? `Run: crossrole ${command} --help`,
    });
  }
  return names[0];
}

/** For commands (and subcommands) that take no positional argument: a leftover one is an error, never ignored. */
export function rejectPositionals(command: string, positionals: readonly string[]): void {
  const [first] = positionals;
  if (first === undefined) return;
  throw new UsageError(`crossrole ${command}: unexpected argument "${first}".`, {
    hint: `Run: crossrole ${command} --help`,
  });
}
