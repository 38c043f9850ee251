import type { OptionsConfig } from "./parse-command-args.js";

/** `--no-color` and `-q/--quiet`: every command that reports takes them. */
export const outputOptions = {
  "no-color": { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
} as const satisfies OptionsConfig;

/** Help lines of {@link outputOptions}; `quiet` says what `--quiet` keeps for this command. */
export function outputOptionsHelp(quiet: string, column = 27): string {
  const line = (flags: string, text: string) => `  ${flags.padEnd(column - 2)}${text}`;
  return [
    line("    --no-color", "No colour (also NO_COLOR=1; FORCE_COLOR=1 colours a pipe too)"),
    line("-q, --quiet", quiet),
  ].join("\n");
}

/** The parsed values of {@link outputOptions}. */
export interface OutputFlags {
  "no-color"?: boolean;
  quiet?: boolean;
}
