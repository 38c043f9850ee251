import type { CommandName } from "./command-names.js";
import { type OptionDef, type OptionId, optionTable } from "./option-table.js";

type Table = typeof optionTable;
type IdsOf<C extends CommandName> =
  | { [K in OptionId]: C extends Table[K]["commands"][number] ? K : never }[OptionId]
  | "help";
type FlagOf<K extends OptionId> = Table[K] extends { flag: infer F extends string } ? F : K;
type ValueOf<D> = D extends { type: "boolean" } ? boolean : D extends { multiple: true } ? string[] : string;

/** The parsed values of command C, by flag name, typed from the table. */
export type CommandValues<C extends CommandName> = {
  [K in IdsOf<C> as FlagOf<K>]?: ValueOf<Table[K]>;
};

/** One option of a command: its table key, its flag and its definition. */
export interface CommandOption {
  id: OptionId;
  flag: string;
  def: OptionDef;
}

/** The options command C takes, in table order (`--help` last); every command takes --help. */
export function commandOptions(command: CommandName): CommandOption[] {
  const found: CommandOption[] = [];
  for (const [id, def] of Object.entries(optionTable) as [OptionId, OptionDef][]) {
    if (id !== "help" && !def.commands.includes(command)) continue;
    found.push({ id, flag: def.flag ?? id, def });
  }
  return found;
}
