import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { EnvironmentError, SpecError, UsageError } from "../core/errors.js";
import { MAX_SPEC_BYTES, parseSpec } from "../core/parse-spec.js";
import type { AccessSpec } from "../core/spec-schema.js";

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
 * @throws UsageError when there is no file at `path` (saying to run `crossrole init`) or it is a directory.
 * @throws SpecError when the file is too large, not UTF-8 text, or not a valid spec (every problem, with line:column).
 * @throws EnvironmentError `SPEC_UNREADABLE` when it exists but cannot be read (permissions).
 */
export async function loadSpec(path: string): Promise<LoadedSpec> {
  await checkFile(path);
  const bytes = await readFile(path).catch((error: unknown) => {
    throw unreadable(path, error);
  });
  const text = decodeUtf8(bytes, path);
  return { spec: parseSpec(text, path), file: path, text };
}

// --- internal ---

async function checkFile(path: string): Promise<void> {
  const stats = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") {
      throw new UsageError(`no access spec at ${path}.`, {
        hint: "Run `crossrole init` to write one, or point to yours with -c FILE or CROSSROLE_CONFIG.",
      });
    }
    throw unreadable(path, error);
  });
  if (stats.isDirectory()) {
    throw new UsageError(`${path} is a directory; expected an access spec file such as crossrole.yaml.`, {
      hint: "Point -c (or CROSSROLE_CONFIG) at the spec file itself.",
    });
  }
  // Pipes are fine (-c <(generate-spec)); devices are not (reading /dev/zero would never end).
  if (!stats.isFile() && !stats.isFIFO()) {
    throw new UsageError(
      `${path} is not a regular file; expected an access spec file such as crossrole.yaml.`,
    );
  }
  if (stats.size > MAX_SPEC_BYTES) {
    const message = `is larger than 1 MiB (${stats.size} bytes); a spec is a small text file (is this the right file?)`;
    throw new SpecError([{ location: { file: path }, path: "", message }]);
  }
}

function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const message = "is not a text file (it is not valid UTF-8); a spec is YAML or JSON text";
    throw new SpecError([{ location: { file: path }, path: "", message }]);
  }
}

function unreadable(path: string, error: unknown): EnvironmentError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === "EACCES" || code === "EPERM" ? "permission denied" : (error as Error).message;
  return new EnvironmentError("SPEC_UNREADABLE", `cannot read ${path}: ${why}`, { cause: error });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
