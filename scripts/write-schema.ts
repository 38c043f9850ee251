import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { specSchema } from "../src/core/spec/spec-schema.js";
import { outputDocuments } from "../src/outputs/json/output-documents.js";

/**
 * Generates every JSON Schema (draft 2020-12) crossrole ships, from zod schemas, the single source of truth:
 * - `schema/crossrole.schema.json` from specSchema, for editors (yaml-language-server, VS Code). Checks the schema
 *   cannot express (refinements such as "a statement needs exactly one of Action or NotAction") are enforced by
 *   `crossrole` itself, not by editors.
 * - `schema/output/NAME.schema.json` for each JSON document a command prints with `--json`
 *   (src/outputs/json/output-documents.ts); objects allow no other keys, so a renderer that drifts fails the tests.
 * Run with `npm run schema`; test/unit/schema-current.test.ts fails when a committed file is stale.
 */

/** Path of the spec's schema, relative to the repository root. */
export const SCHEMA_FILE = "schema/crossrole.schema.json";

/** Where the output documents' schemas are, relative to the repository root. */
export const OUTPUT_SCHEMA_DIR = "schema/output";

/** The spec schema file's exact text: pretty-printed JSON with a trailing newline. */
export function renderJsonSchema(): string {
  const generated = z.toJSONSchema(specSchema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
  });
  const { $schema, description, ...rest } = generated;
  const schema = {
    $schema,
    $id: "https://cdn.jsdelivr.net/npm/crossrole/schema/crossrole.schema.json",
    title: "crossrole access spec",
    description,
    ...rest,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Every output schema file: path relative to the repository root -> exact text. */
export function renderOutputSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, document] of Object.entries(outputDocuments)) {
    const generated = z.toJSONSchema(document, { target: "draft-2020-12", io: "output" });
    const { $schema, description, ...rest } = generated;
    const path = `${OUTPUT_SCHEMA_DIR}/${name}.schema.json`;
    const schema = {
      $schema,
      $id: `https://unpkg.com/crossrole/${path}`,
      title: description ?? name,
      ...rest,
    };
    files.set(path, `${JSON.stringify(schema, null, 2)}\n`);
  }
  return files;
}

// Run as a script (not when imported by the test): write the files.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
  writeFileSync(root(SCHEMA_FILE), renderJsonSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
  for (const [path, text] of renderOutputSchemas()) {
    mkdirSync(dirname(root(path)), { recursive: true });
    writeFileSync(root(path), text);
    console.log(`wrote ${path}`);
  }
}
