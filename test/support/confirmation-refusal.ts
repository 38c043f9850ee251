/**
 * What every command that asks prints on stderr when stdin is not a terminal and --yes was not given (exit 2):
 * the same two lines, naming the command. `dryRun`: the command has --dry-run, which the hint offers.
 */
export function confirmationRefusal(command: string, options: { dryRun?: boolean } = {}): string {
  const dryRun = options.dryRun === true ? " (or --dry-run to only look)" : "";
  return [
    `crossrole ${command}: refusing without --yes: stdin is not a terminal, so crossrole cannot ask for confirmation. Nothing was changed.`,
    `  next: Review what is shown above, then re-run with --yes${dryRun}.`,
    "",
  ].join("\n");
}
