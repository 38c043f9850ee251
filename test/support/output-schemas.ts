import { readdirSync, readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/** Where the output documents' schemas are. */
export const OUTPUT_SCHEMA_DIR = new URL("../../schema/output/", import.meta.url);

let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

/** Every committed output schema: file name without `.schema.json` -> parsed schema. */
export function readOutputSchemas(): Map<string, Record<string, unknown>> {
  const schemas = new Map<string, Record<string, unknown>>();
  for (const file of readdirSync(OUTPUT_SCHEMA_DIR).sort()) {
    if (!file.endsWith(".schema.json")) continue;
    const text = readFileSync(new URL(file, OUTPUT_SCHEMA_DIR), "utf8");
    schemas.set(file.slice(0, -".schema.json".length), JSON.parse(text) as Record<string, unknown>);
  }
  return schemas;
}

/** A strict draft 2020-12 validator (ajv, with formats), an independent reader of the committed files. */
export function newAjv(): Ajv2020 {
  const instance = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(instance);
  return instance;
}

/**
 * Validates a command's stdout against `schema/output/NAME.schema.json` and returns the parsed document. Throws
 * with ajv's errors (and the document) when stdout is not exactly one JSON document matching the schema.
 */
export function expectDocument(name: string, stdout: string): Record<string, unknown> {
  ajv ??= newAjv();
  let validate = validators.get(name);
  if (validate === undefined) {
    const schema = readOutputSchemas().get(name);
    if (schema === undefined) throw new Error(`no schema/output/${name}.schema.json`);
    validate = ajv.compile(schema);
    validators.set(name, validate);
  }
  const document = JSON.parse(stdout) as Record<string, unknown>;
  if (!validate(document)) {
    throw new Error(
      `stdout does not match schema/output/${name}.schema.json:\n${JSON.stringify(validate.errors, null, 2)}\n${stdout}`,
    );
  }
  return document;
}
