import { parseArgs } from "node:util";
import { UsageError } from "../core/errors.js";
import { allowsUnknownRegion, checkRegionName } from "../core/identifiers/check-region-name.js";
import { suggestKey } from "../core/suggest-key.js";
import type { CommandName } from "./options/command-names.js";
import type { CommandValues } from "./options/command-options.js";
import { parseConfig } from "./options/parse-config.js";

export interface ParsedArgs<C extends CommandName> {
  values: CommandValues<C>;
  positionals: string[];
}

/**
 * Parses a command's argv strictly, with the options the option table gives the command
 * (src/cli/options/option-table.ts). Unknown flags (with a did-you-mean) and missing values become a UsageError
 * that names the command and points at its --help, instead of node's own message. A `--region` value is checked
 * against AWS's regions here, for every command (it ends in profiles, exported variables and endpoints); the
 * opt-out for a region newer than crossrole's list is CROSSROLE_ALLOW_UNKNOWN_REGION=1 in the environment.
 * A flag given a value (`--json=true`, `--json=false`) is refused, never read as true or false: it is either there
 * or not.
 */
export function parseCommandArgs<C extends CommandName>(command: C, argv: string[]): ParsedArgs<C> {
  const options = parseConfig(command);
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    const region = (values as Record<string, unknown>).region;
    if (typeof region === "string") {
      checkRegionName(region, "--region", { allowUnknown: allowsUnknownRegion(process.env) });
    }
    return { values: values as CommandValues<C>, positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message =
      error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, "") : String(error);
    const unknown = /^Unknown option '--([^'=]+)'/.exec(message)?.[1];
    const near = unknown === undefined ? undefined : suggestKey(unknown, Object.keys(options));
    const flag = /^Option '--([^']+)' does not take an argument/.exec(message)?.[1];
    if (flag !== undefined) {
      throw new UsageError(
        `crossrole ${command}: --${flag} takes no value: write --${flag}${flag === "json" ? " for the JSON document, or leave it out for text" : ", or leave it out"}`,
        { hint: `Run: crossrole ${command} --help` },
      );
    }
    throw new UsageError(
      `crossrole ${command}: ${message}${near === undefined ? "" : `. Did you mean "--${near}"?`}`,
      { hint: `Run: crossrole ${command} --help` },
    );
  }
}
