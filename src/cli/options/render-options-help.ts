import type { CommandName } from "./command-names.js";
import { commandOptions } from "./command-options.js";
import { type OptionHelp, optionHelp } from "./option-help.js";

/** Column where help text starts. */
const TEXT_COLUMN = 29;

/**
 * The options section of command C's `--help`, generated from the option table and option-help.ts: one entry per
 * option, in table order ("  -c, --config FILE   Access spec ..."), continuation lines aligned.
 */
export function renderOptionsHelp(command: CommandName): string {
  const lines: string[] = [];
  for (const { id, flag, def } of commandOptions(command)) {
    const names = [
      def.positional,
      def.short === undefined ? undefined : `-${def.short}`,
      `--${flag}${def.type === "string" && def.value !== undefined ? ` ${def.value}` : ""}`,
    ].filter((n) => n !== undefined);
    const left = `  ${def.short === undefined && def.positional === undefined ? "    " : ""}${names.join(", ")}`;
    const text = helpFor(optionHelp[id], command).split("\n");
    if (left.length + 2 > TEXT_COLUMN) lines.push(left, ...text.map((t) => indent(t)));
    else lines.push(`${left.padEnd(TEXT_COLUMN)}${text[0]}`, ...text.slice(1).map((t) => indent(t)));
  }
  return lines.join("\n");
}

/** The help text of an option for one command. */
export function helpFor(help: OptionHelp, command: CommandName): string {
  if (typeof help === "string") return help;
  return (help as Partial<Record<CommandName, string>>)[command] ?? help.default;
}

function indent(text: string): string {
  return `${" ".repeat(TEXT_COLUMN)}${text}`;
}
