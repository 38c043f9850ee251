/** Commands whose first positional names a subcommand, and their subcommands (each prints its own document). */
export const JSON_SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = {
  ecr: ["login", "configure-helper", "logout"],
  rotate: ["external-id", "build-key"],
};

/** Commands that print credentials or run other programs: no report, so no `--json` document. */
export const COMMANDS_WITHOUT_REPORT: readonly string[] = [
  "assume",
  "exec",
  "serve",
  "completion",
  "__complete",
  "schema",
];

/** Commands that are another's alias: their documents carry the other's name (`status --json` prints "whoami"). */
export const JSON_COMMAND_ALIASES: Readonly<Record<string, string>> = { status: "whoami" };

/**
 * The name a command's JSON document carries (`apply`, `ecr login`) when argv asks for JSON (`--json`, or `plan`/`diff`
 * `--format json`), else undefined. Read from argv before the command parses it, so that a failure anywhere, even
 * of the parsing itself, can still be printed as the error document. Stops at `--`. `--json=VALUE` counts as asking:
 * the parser refuses it (`--json` takes no value, exit 2), and that refusal is printed as the error document, so a
 * script that wrote `--json=true` reads the error where it reads documents.
 */
export function jsonDocumentCommand(command: string, argv: readonly string[]): string | undefined {
  const end = argv.indexOf("--");
  const args = end === -1 ? argv : argv.slice(0, end);
  const asked =
    args.some((a) => a === "--json" || a.startsWith("--json=")) ||
    ((command === "plan" || command === "diff") &&
      args.some(
        (a, i) =>
          a === "--format=json" ||
          a === "-fjson" ||
          ((a === "--format" || a === "-f") && args[i + 1] === "json"),
      ));
  if (!asked) return undefined;
  command = JSON_COMMAND_ALIASES[command] ?? command;
  const sub = args.find((a) => JSON_SUBCOMMANDS[command]?.includes(a) === true);
  return sub === undefined ? command : `${command} ${sub}`;
}
