import { checkSpecConsistency } from "./check-spec-consistency.js";
import type { PlainYamlMapping } from "./read-plain-yaml.js";
import { specErrorMap } from "./spec-error-map.js";
import { type AccessSpec, specSchema } from "./spec-schema.js";

/**
 * A plain spec (readPlainYaml's data) judged by the zod schema and the consistency checks: the spec when valid,
 * undefined otherwise (the full parser then reads the text with positions and reports every problem). For the
 * plain specs validatePlainSpec cannot judge (multi-account targets, admin blocks, raw statements...): they still
 * skip the `yaml` package's document tree and line counter, which were most of the time `plan` took on a large spec.
 */
export function validatePlainSpecWithSchema(data: PlainYamlMapping): AccessSpec | undefined {
  const result = specSchema.safeParse(data, { error: specErrorMap });
  return result.success && checkSpecConsistency(data).length === 0 ? result.data : undefined;
}
