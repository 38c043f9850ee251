import type { CliContext } from "./cli-context.js";
import { commands } from "./command-registry.js";
import { ExitCode } from "./exit-codes.js";
import { processContext } from "./process-context.js";
import { runCommand } from "./run-command.js";

/**
 * The process edge: reads argv and env once, dispatches to a lazily loaded command, and maps errors to the exit
 * code table. The only place that touches `process`.
 */
async function main(argv: string[]): Promise<number> {
  const ctx = processContext();
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    if (name === "help" && rest[0] !== undefined) return dispatch(rest[0], ["--help"], ctx);
    ctx.stdout.write(renderUsage());
    return ExitCode.ok;
  }
  if (name === "--version" || name === "-v" || name === "-V" || name === "version") {
    ctx.stdout.write(`crossrole ${readVersion()}\n`);
    return ExitCode.ok;
  }
  return dispatch(name, rest, ctx);
}

async function dispatch(name: string, argv: string[], ctx: CliContext): Promise<number> {
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (entry === undefined) {
    // The spec's did-you-mean, loaded only on this error path so normal startup does not pay for it.
    const { suggestKey } = await import("../core/suggest-key.js");
    const near = name.startsWith("-")
      ? suggestKey(name, ["--help", "--version"])
      : suggestKey(
          name,
          Object.keys(commands).filter((c) => !commands[c]?.hidden),
        );
    ctx.stderr.write(
      `crossrole: unknown ${name.startsWith("-") ? "option" : "command"} "${name}".${near ? ` Did you mean "${near}"?` : ""}\nRun: crossrole --help\n`,
    );
    return ExitCode.invalidInput;
  }
  return runCommand(name, entry.load, argv, ctx);
}

function renderUsage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const list = Object.entries(commands)
    .filter(([, entry]) => entry.hidden !== true)
    .map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`)
    .join("\n");
  return `crossrole ${readVersion()}: cross-account AWS build access without sharing long-lived keys

Usage: crossrole <command> [options]

Commands:
${list}

Global:
  -h, --help         Show help (also: crossrole <command> --help)
  -v, -V, --version  Show the version

Exit codes: 0 ok, 1 unexpected error, 2 invalid input, 3 AWS auth/permission,
            4 check failed (lint errors, drift, verification), 5 local environment,
            6 AWS failed otherwise (a conflict, a failed StackSet operation, another AWS error).
Docs: ${HOMEPAGE === "" ? "README.md" : HOMEPAGE}. Spec schema: crossrole schema (--path: the local file)${BUGS_URL === "" ? "" : `\nIssues: ${BUGS_URL}`}
Shell completion: crossrole completion bash|zsh|fish --help
`;
}

function readVersion(): string {
  return __CROSSROLE_VERSION__;
}

declare const __CROSSROLE_VERSION__: string;
declare const __CROSSROLE_HOMEPAGE__: string;
declare const __CROSSROLE_BUGS_URL__: string;
const HOMEPAGE = __CROSSROLE_HOMEPAGE__;
const BUGS_URL = __CROSSROLE_BUGS_URL__;

process.exitCode = await main(process.argv.slice(2));
