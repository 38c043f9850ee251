import type { ParseArgsConfig } from "node:util";
import type { CommandName } from "./command-names.js";
import { commandOptions } from "./command-options.js";

/** Options of one command, in node:util parseArgs form. */
export type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs's `options` for command C, generated from the option table. */
export function parseConfig(command: CommandName): OptionsConfig {
  const config: OptionsConfig = {};
  for (const { flag, def } of commandOptions(command)) {
    if (Object.hasOwn(config, flag)) throw new Error(`option table: --${flag} twice for ${command}`);
    config[flag] = {
      type: def.type,
      ...(def.short === undefined ? {} : { short: def.short }),
      ...(def.multiple === true ? { multiple: true } : {}),
      ...(def.default === undefined ? {} : { default: def.default }),
    } as OptionsConfig[string];
  }
  return config;
}
