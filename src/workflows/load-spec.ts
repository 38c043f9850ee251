import { decodeSpecText } from "../core/spec/decode-spec-text.js";
import { parseSpecQuickly } from "../core/spec/parse-spec-quickly.js";
import type { AccessSpec } from "../core/spec/spec-schema.js";
import { readSpecFile } from "../outputs/spec-file/read-spec-file.js";

/** A validated spec with where it came from. */
export interface LoadedSpec {
  spec: AccessSpec;
  /** The path it was read from. */
  file: string;
  /** The file's text, e.g. for commands that quote or re-render it. */
  text: string;
}

/**
 * Reads and validates the spec at `path`.
 * @throws UsageError when there is no file at `path` (saying to run `crossrole init`) or it is not a regular file.
 * @throws SpecError when the file is too large, not UTF-8 text, or not a valid spec (every problem, with line:column).
 * @throws EnvironmentError `SPEC_UNREADABLE` when it exists but cannot be read (permissions).
 */
export async function loadSpec(path: string): Promise<LoadedSpec> {
  const text = decodeSpecText(readSpecFile(path), path);
  // parseSpec in steps, so that zod loads only for a spec the light validator cannot judge, and the `yaml` package
  // (parse-spec.ts) only for one the quick reader does not read: most of `plan`'s start-up on a plain spec.
  const quick = parseSpecQuickly(text, path);
  const spec =
    quick.spec ??
    (quick.plain === undefined
      ? undefined
      : (await import("../core/spec/validate-plain-spec-with-schema.js")).validatePlainSpecWithSchema(
          quick.plain,
        )) ??
    (await import("../core/spec/parse-spec.js")).parseSpecFully(quick.source, quick.format, path);
  return { spec, file: path, text };
}
