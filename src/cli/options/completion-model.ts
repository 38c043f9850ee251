import { type CommandName, commandNames } from "./command-names.js";
import { commandOptions } from "./command-options.js";
import type { OptionDef } from "./option-table.js";

/** What completion knows about one command (or `ecr` subcommand), from the option table. */
export interface CompletionCommand {
  /** "plan", or "ecr login" for a subcommand. */
  name: string;
  summary: string;
  /** Words expected as the first positional (rotate's and completion's modes). */
  modes: readonly string[];
  /** Whether positionals are target names. */
  targets: boolean;
  flags: CompletionFlag[];
}

export interface CompletionFlag {
  flag: string;
  short?: string | undefined;
  takesValue: boolean;
  values?: OptionDef["complete"];
  /** The first help line. */
  summary: string;
}

/** Positional words of commands that have modes rather than targets. */
const MODES: Partial<Record<CommandName, readonly string[]>> = {
  rotate: ["external-id", "build-key"],
  completion: ["bash", "zsh", "fish"],
};

/** Subcommands of `ecr`, with their summaries. */
export const ECR_SUBCOMMANDS: Record<string, string> = {
  login: "Log in to the targets' registries",
  "configure-helper": "Route the targets' registries to crossrole's credential helper",
  logout: "Remove the entries crossrole added to docker's config",
};

/**
 * The completion model: every visible command, `ecr`'s subcommands, and each one's flags with what their values
 * complete to. `helpOf` gives an option's help (loaded by the caller: option-help.ts is not for the fast path).
 */
export function completionModel(
  commands: Record<string, { summary: string; hidden?: boolean | undefined; aliasOf?: string | undefined }>,
  helpOf: (id: string, command: CommandName) => string,
): CompletionCommand[] {
  const found: CompletionCommand[] = [];
  for (const [name, entry] of Object.entries(commands)) {
    if (entry.hidden === true) continue;
    if (name === "ecr") {
      found.push({
        name,
        summary: entry.summary,
        modes: Object.keys(ECR_SUBCOMMANDS),
        targets: false,
        flags: [],
      });
      continue;
    }
    const described = describe((entry.aliasOf ?? name) as CommandName, entry.summary, helpOf);
    found.push({ ...described, name });
  }
  for (const [sub, summary] of Object.entries(ECR_SUBCOMMANDS)) {
    found.push(describe(`ecr ${sub}` as CommandName, summary, helpOf));
  }
  return found;
}

function describe(
  name: CommandName,
  summary: string,
  helpOf: (id: string, command: CommandName) => string,
): CompletionCommand {
  if (!commandNames.includes(name)) throw new Error(`option table: no command ${name}`);
  const options = commandOptions(name);
  return {
    name,
    summary,
    modes: MODES[name] ?? [],
    targets: options.some((o) => o.def.positional === "TARGET"),
    flags: options.map(({ id, flag, def }) => ({
      flag,
      short: def.short,
      takesValue: def.type === "string",
      values: def.complete,
      summary: helpOf(id, name).split("\n")[0] ?? "",
    })),
  };
}
