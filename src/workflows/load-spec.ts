import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { decodeSpecText } from "../core/spec/decode-spec-text.js";
import { parseSpec } from "../core/spec/parse-spec.js";
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

/** Where to look for the spec. */
export interface ResolveSpecPathOptions {
  /** `-c FILE` / `--config FILE`, if given. */
  flag?: string | undefined;
  /** The environment; only CROSSROLE_CONFIG is read. */
  env: Record<string, string | undefined>;
  /** Relative paths resolve against this. */
  cwd: string;
}

/** The file names tried, in order, when neither -c nor CROSSROLE_CONFIG names one. */
export const DEFAULT_SPEC_FILES = ["crossrole.yaml", "crossrole.yml", "crossrole.json"] as const;

/**
 * The spec path to use: `-c` flag, else `CROSSROLE_CONFIG`, else `./crossrole.yaml`, or `./crossrole.yml` /
 * `./crossrole.json` when only one of those exists. Returns an absolute path, whether or not it exists (loadSpec
 * reports a missing file).
 */
export function resolveSpecPath(options: ResolveSpecPathOptions): string {
  const chosen = nonEmpty(options.flag) ?? nonEmpty(options.env.CROSSROLE_CONFIG);
  if (chosen !== undefined) return resolve(options.cwd, chosen);
  const found = DEFAULT_SPEC_FILES.map((name) => join(options.cwd, name)).find((path) => existsSync(path));
  return found ?? resolve(options.cwd, DEFAULT_SPEC_FILES[0]);
}

/**
 * Reads and validates the spec at `path`.
 * @throws UsageError when there is no file at `path` (saying to run `crossrole init`) or it is not a regular file.
 * @throws SpecError when the file is too large, not UTF-8 text, or not a valid spec (every problem, with line:column).
 * @throws EnvironmentError `SPEC_UNREADABLE` when it exists but cannot be read (permissions).
 */
export async function loadSpec(path: string): Promise<LoadedSpec> {
  const text = decodeSpecText(readSpecFile(path), path);
  return { spec: parseSpec(text, path), file: path, text };
}

// --- internal ---

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
