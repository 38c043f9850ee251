import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { specSchema } from "../src/core/spec/spec-schema.js";

/**
 * Generates `schema/crossrole.schema.json` (JSON Schema draft 2020-12) from specSchema, the single source of truth,
 * for editors (yaml-language-server, VS Code). Run with `npm run schema`; test/unit/schema-current.test.ts fails
 * when the committed file is stale. Checks the schema cannot express (refinements such as "a statement needs
 * exactly one of Action or NotAction") are enforced by `crossrole` itself, not by editors.
 */

/** Path of the generated file, relative to the repository root. */
export const SCHEMA_FILE = "schema/crossrole.schema.json";

/** The schema file's exact text: pretty-printed JSON with a trailing newline. */
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

// Run as a script (not when imported by the test): write the file.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = fileURLToPath(new URL(`../${SCHEMA_FILE}`, import.meta.url));
  writeFileSync(target, renderJsonSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
