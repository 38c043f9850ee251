import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** Where to look for the spec. */
export interface ResolveSpecPathOptions {
  /** `-c FILE` / `--config FILE`, if given. */
  flag?: string | undefined;
  /** The environment; only CROSSROLE_CONFIG is read. */
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths resolve against this. */
  cwd: string;
}

/** The file names tried, in order, when neither -c nor CROSSROLE_CONFIG names one. */
export const DEFAULT_SPEC_FILES = ["crossrole.yaml", "crossrole.yml", "crossrole.json"] as const;

/**
 * The spec path to use: `-c` flag, else `CROSSROLE_CONFIG`, else `./crossrole.yaml`, or `./crossrole.yml` /
 * `./crossrole.json` when only one of those exists. Returns an absolute path, whether or not it exists (the
 * reader reports a missing file). Its own module, free of the spec parser, so the assume fast path and every
 * command share it.
 */
export function resolveSpecPath(options: ResolveSpecPathOptions): string {
  const chosen = nonEmpty(options.flag) ?? nonEmpty(options.env.CROSSROLE_CONFIG);
  if (chosen !== undefined) return resolve(options.cwd, chosen);
  const found = DEFAULT_SPEC_FILES.map((name) => join(options.cwd, name)).find((path) => existsSync(path));
  return found ?? resolve(options.cwd, DEFAULT_SPEC_FILES[0]);
}

// --- internal ---

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
