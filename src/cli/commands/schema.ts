import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EnvironmentError, UsageError } from "../../core/errors.js";
import { schemaUrl } from "../../outputs/schema-url.js";
import type { CliContext } from "../cli-context.js";
import { ExitCode } from "../exit-codes.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { parseCommandArgs } from "../parse-command-args.js";

const usage = `Usage: crossrole schema [--path | --url]

Prints the JSON Schema of the access spec (crossrole.yaml), the one installed with this crossrole, for editors
and validators that work offline. \`crossrole init\` writes a $schema comment pointing at this release's copy on
jsDelivr; to use the local file instead:
  # yaml-language-server: $schema=/path/printed/by/crossrole-schema--path

Options:
${renderOptionsHelp("schema")}

Examples:
  crossrole schema > crossrole.schema.json
  check-jsonschema --schemafile "$(crossrole schema --path)" crossrole.yaml
`;

/** `crossrole schema`: the spec's JSON Schema, its local path (--path) or its public URL (--url). */
export async function runSchema(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("schema", argv);
  if (values.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  if (positionals.length > 0 || (values.path === true && values.url === true)) {
    throw new UsageError("crossrole schema takes no arguments, and either --path or --url.", {
      hint: "Run: crossrole schema --help",
    });
  }
  if (values.url === true) {
    ctx.stdout.write(`${schemaUrl(VERSION)}\n`);
    return ExitCode.ok;
  }
  const file = findSchemaFile(dirname(fileURLToPath(import.meta.url)));
  ctx.stdout.write(values.path === true ? `${file}\n` : readFileSync(file, "utf8"));
  return ExitCode.ok;
}

// --- internal ---

declare const __CROSSROLE_VERSION__: string | undefined;
const VERSION = typeof __CROSSROLE_VERSION__ === "string" ? __CROSSROLE_VERSION__ : "dev";

const SCHEMA = join("schema", "crossrole.schema.json");

/** The package's schema/ beside dist/ (dist/cli.js, dist/chunks/*.js) or src/ (tests with tsx). */
function findSchemaFile(from: string): string {
  let dir = from;
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, SCHEMA);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new EnvironmentError("SCHEMA_MISSING", `the spec's JSON Schema is not installed next to ${from}.`, {
    hint: `Reinstall crossrole, or use ${schemaUrl(VERSION)}`,
  });
}
