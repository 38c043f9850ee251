import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "../core/errors.js";
import { allowsUnknownRegion, checkRegionName } from "../core/identifiers/check-region-name.js";

/** Options of one command, in node:util parseArgs form. */
export type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedArgs<O extends OptionsConfig> {
  values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>["values"];
  positionals: string[];
}

/**
 * Parses a command's argv strictly. Unknown flags and missing values become a UsageError that names the command
 * and points at its --help, instead of node's own message. A `--region` value is checked against AWS's regions
 * here, for every command (it ends in profiles, exported variables and endpoints); the opt-out for a region newer
 * than crossrole's list is CROSSROLE_ALLOW_UNKNOWN_REGION=1 in the environment.
 */
export function parseCommandArgs<O extends OptionsConfig>(
  command: string,
  argv: string[],
  options: O,
): ParsedArgs<O> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    const region = (values as Record<string, unknown>).region;
    if (typeof region === "string") {
      checkRegionName(region, "--region", { allowUnknown: allowsUnknownRegion(process.env) });
    }
    return { values, positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message =
      error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, "") : String(error);
    throw new UsageError(`crossrole ${command}: ${message}`, { hint: `Run: crossrole ${command} --help` });
  }
}
