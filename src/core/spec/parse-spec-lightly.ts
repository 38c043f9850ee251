import { readPlainYaml } from "./read-plain-yaml.js";
import type { AccessSpec } from "./spec-schema.js";
import { validatePlainSpec } from "./validate-plain-spec.js";

/**
 * The access spec read without the YAML parser and the schema validator, for the assume fast path of a CI runner
 * whose cache directory is empty. It answers only when the spec is in `readPlainYaml`'s subset of YAML (plain
 * block style, one-line flow lists and mappings) and valid for the keys this reader knows, and then with exactly the
 * data `parseSpec` returns; on anything else (JSON, anchors, tags, block scalars, multi-line or escaped strings,
 * keys or values it does not know, multi-account targets, admin blocks, raw statements, a value of the wrong type,
 * an invalid value...) it returns undefined and the caller runs the real parser, which accepts or reports. It never
 * throws and never accepts a spec `parseSpec` would refuse (property-tested against it:
 * `parse-spec-lightly.test.ts`).
 */
export function parseSpecLightly(text: string, file: string): AccessSpec | undefined {
  if (/\.json$/i.test(file) || text.length > MAX_LIGHT_CHARS) return undefined;
  const data = readPlainYaml(text);
  return data === undefined ? undefined : validatePlainSpec(data);
}

// --- internal ---

/** Far above any spec with a few dozen targets; bigger ones (rare) take the real parser. */
const MAX_LIGHT_CHARS = 256 * 1024;
