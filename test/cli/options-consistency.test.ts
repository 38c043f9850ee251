import { describe, expect, it } from "vitest";
import { commandNames } from "../../src/cli/options/command-names.js";
import { commandOptions } from "../../src/cli/options/command-options.js";
import { optionHelp } from "../../src/cli/options/option-help.js";
import { type OptionDef, optionTable } from "../../src/cli/options/option-table.js";
import { parseConfig } from "../../src/cli/options/parse-config.js";
import { makeTempDir, runCli } from "./run-cli.js";

/** argv of a command: "ecr login" is two words. */
const argvOf = (command: string) => command.split(" ");

/**
 * The options a command's --help shows, read back from the real built CLI's output: every "-x, --flag" or
 * "--flag" at the start of an options line (help lines of other sections, e.g. "Exit codes", are prose).
 */
function helpFlags(help: string): Set<string> {
  const section = help.slice(help.search(/^Options( of crossrole [\w -]+)?:$/m));
  const found = new Set<string>();
  for (const line of section.split("\n")) {
    const m = /^ {2,6}(?:[A-Z]+, )?(?:-(\w), )?--([\w-]+)/.exec(line);
    if (m !== null) found.add(`--${m[2]}`);
  }
  return found;
}

/** A value that parses for a string option (and passes the --region check). */
function sampleValue(flag: string): string {
  return flag === "region" ? "eu-west-1" : "x";
}

describe("the option table", () => {
  it("gives every command a parse configuration without two options on one flag", () => {
    for (const command of commandNames) expect(() => parseConfig(command), command).not.toThrow();
  });

  it("has a help text for every option and no help for an option it does not have", () => {
    expect(Object.keys(optionHelp).sort()).toEqual(Object.keys(optionTable).sort());
  });

  it("names only known commands", () => {
    for (const [id, def] of Object.entries(optionTable) as [string, OptionDef][]) {
      for (const c of def.commands) expect(commandNames, `${id}: ${c}`).toContain(c);
    }
  });

  it("gives every command that takes targets both the positional and --target, with one meaning", () => {
    for (const command of commandNames) {
      const target = commandOptions(command).find((o) => o.flag === "target");
      if (target === undefined) continue;
      expect(target.id === "target" || command === "init", command).toBe(true);
    }
  });
});

describe("every command's --help and parser agree (built CLI)", () => {
  it.each(commandNames)(
    "crossrole %s: each option its help shows parses, each option it parses is shown",
    async (command) => {
      const { dir, cleanup } = await makeTempDir();
      try {
        const help = await runCli([...argvOf(command), "--help"], { cwd: dir });
        expect(help.code, help.stderr).toBe(0);
        const shown = helpFlags(help.stdout);
        const parsed = new Set(Object.keys(parseConfig(command)).map((f) => `--${f}`));
        expect([...shown].sort()).toEqual([...parsed].sort());
        // Each shown option is accepted by the real parser: given all together, then --help, a command exits 0
        // with its help (options are parsed before --help is honoured); an unknown one would exit 2.
        const config = parseConfig(command);
        const argv = [...shown].flatMap((flag) => {
          const name = flag.slice(2);
          return config[name]?.type === "string" ? [flag, sampleValue(name)] : [flag];
        });
        const all = await runCli([...argvOf(command), ...argv, "--help"], { cwd: dir });
        expect(all.stderr, command).not.toMatch(/Unknown option/);
        expect(all.code, `${command}: ${all.stderr}`).toBe(0);
        expect(all.stdout).toBe(help.stdout);
      } finally {
        await cleanup();
      }
    },
  );
});
