import { SpecError } from "../errors.js";
import { formatSize } from "../format-size.js";
import { MAX_SPEC_BYTES } from "./max-spec-bytes.js";
import { type PlainYamlMapping, readPlainYaml } from "./read-plain-yaml.js";
import type { AccessSpec } from "./spec-schema.js";
import { validatePlainSpec } from "./validate-plain-spec.js";

const EMPTY =
  "the spec is empty; run `crossrole init` to write a starter spec. A minimal spec: `version: 1`, `region: eu-west-1`, " +
  '`build: { account: "222222222222", principal: user/ci }`, `targets: { app: { account: "111111111111", role: AppBuildRole } }`';

/** The spec's text as parseSpec reads it: without a byte-order mark. */
export interface SpecSource {
  source: string;
  format: "yaml" | "json";
}

/** What parseSpecQuickly read. */
export interface QuickSpec extends SpecSource {
  /** The spec, when the text is plain YAML that validatePlainSpec judges valid. */
  spec: AccessSpec | undefined;
  /** The data of a plain YAML text (readPlainYaml's subset), for the schema to judge when `spec` is undefined. */
  plain: PlainYamlMapping | undefined;
}

/**
 * The first half of parseSpec (parse-spec.ts), without the `yaml` package or zod: refuses a text no parser should
 * read (too large, a NUL byte, empty), then reads a YAML spec in readPlainYaml's subset and returns it when
 * validatePlainSpec judges it valid. `spec` is undefined when the text needs more: the zod schema for `plain` data
 * validatePlainSpec cannot judge (validatePlainSpecWithSchema), the full parser for anything else (JSON, YAML
 * outside the subset, an invalid spec), which reads it again and reports every problem with its line:column. A
 * caller that can load those lazily (loadSpec) so skips loading zod and the `yaml` package for the common spec.
 * @throws SpecError when the text is too large, holds a NUL byte or is empty (as parseSpec does).
 */
export function parseSpecQuickly(text: string, file: string): QuickSpec {
  const format = /\.json$/i.test(file) ? "json" : "yaml";
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  refuseText(source, file);
  const plain = format === "yaml" ? readPlainYaml(source) : undefined;
  return { source, format, spec: plain === undefined ? undefined : validatePlainSpec(plain), plain };
}

/** The position of `offset` in `text`, 1-based. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

export { EMPTY as EMPTY_SPEC_MESSAGE };

// --- internal ---

function refuseText(text: string, file: string): void {
  const at = (offset: number) => ({ file, ...lineAndColumn(text, offset) });
  const size = new TextEncoder().encode(text).length;
  if (size > MAX_SPEC_BYTES) {
    const message = `is ${formatSize(size)} (${size} bytes); the limit for an access spec is ${formatSize(MAX_SPEC_BYTES)} (is this the right file?)`;
    throw new SpecError([{ location: at(0), path: "", message }]);
  }
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    const message = "is not a text file (a NUL byte here); a spec is YAML or JSON text";
    throw new SpecError([{ location: at(nul), path: "", message }]);
  }
  if (text.trim() === "") throw new SpecError([{ location: at(0), path: "", message: EMPTY }]);
}
