import { lstatSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/** Where to look for the spec. */
export interface ResolveSpecPathOptions {
  /** `-c FILE` / `--config FILE`, if given. */
  flag?: string | undefined;
  /** The environment; CROSSROLE_CONFIG (and XDG_CONFIG_HOME for `userConfigHome`) are read. */
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths resolve against this; the upward search starts here. */
  cwd: string;
  /**
   * The home directory: the upward search stops there (a spec in ~ is found, none above it). Undefined: no such
   * boundary.
   */
  home?: string | undefined;
  /**
   * The docker credential helper's rule: docker runs it from any directory, so the working directory is not
   * searched; without CROSSROLE_CONFIG the spec is the user's, `$XDG_CONFIG_HOME/crossrole/crossrole.yaml` (when
   * XDG_CONFIG_HOME is absolute), else `~/.config/crossrole/crossrole.yaml` under this home directory.
   */
  userConfigHome?: string | undefined;
}

/** How the spec was chosen. */
export type SpecSource =
  /** `-c FILE` */
  | "flag"
  /** `$CROSSROLE_CONFIG` */
  | "env"
  /** Found by the upward search from the working directory. */
  | "found"
  /** The user's spec under ~/.config/crossrole (the credential helper). */
  | "user-config"
  /** Nothing found: `./crossrole.yaml`, which does not exist (see `searched`). */
  | "none";

/** The spec file to use and how it was chosen. */
export interface SpecLocation {
  /** Absolute path, whether or not it exists (the reader reports a missing file). */
  path: string;
  source: SpecSource;
  /** The directories the upward search looked in, nearest first (empty when it did not search). */
  searched: readonly string[];
  /** Why the search stopped where it did, when it found nothing. */
  stop?: SearchStop | undefined;
}

/** Why the upward search went no further. */
export type SearchStop =
  | { kind: "repository"; dir: string }
  | { kind: "home"; dir: string }
  | { kind: "root"; dir: string }
  | { kind: "unreadable"; dir: string; code: string };

/** The file names tried in each directory, in order, when neither -c nor CROSSROLE_CONFIG names one. */
export const DEFAULT_SPEC_FILES = ["crossrole.yaml", "crossrole.yml", "crossrole.json"] as const;

/**
 * Which spec file a command uses, the one rule for every command, the assume fast path and the credential helper:
 * 1. `-c FILE` (`flag`), 2. `$CROSSROLE_CONFIG`, both relative to `cwd`;
 * 3. the upward search: `crossrole.yaml`, else `crossrole.yml`, else `crossrole.json`, in `cwd`, then in each
 *    parent directory, as git finds its repository. The search stops after the first directory that is a
 *    repository root (holds `.git`, a directory or a worktree's file), after the home directory, at the
 *    filesystem root, or at a directory it may not look into (a spec there would be missed silently otherwise).
 *    So a spec is never taken from outside the repository or above the home directory of the one working in it.
 *    Symbolic links count as what they are (a link to a spec is a spec; a dangling link is found, and the reader
 *    says it is missing); the path searched is `cwd` as the OS reports it (symlinks resolved, like git);
 * 4. the credential helper (`userConfigHome`) does not search; it uses the user's spec.
 * Costs one lstat per candidate name per directory and one for `.git`: a spec in the working directory is found
 * with one system call. Never throws: a missing spec is the reader's (or {@link describeSpecNotFound}'s) to report.
 */
export function locateSpec(options: ResolveSpecPathOptions): SpecLocation {
  const flag = nonEmpty(options.flag);
  if (flag !== undefined) return { path: resolve(options.cwd, flag), source: "flag", searched: [] };
  const fromEnv = nonEmpty(options.env.CROSSROLE_CONFIG);
  if (fromEnv !== undefined) return { path: resolve(options.cwd, fromEnv), source: "env", searched: [] };
  if (options.userConfigHome !== undefined) {
    return { path: userSpecPath(options.env, options.userConfigHome), source: "user-config", searched: [] };
  }
  return searchUpward(resolve(options.cwd), options.home === undefined ? undefined : resolve(options.home));
}

/**
 * The spec path to use (see {@link locateSpec}): absolute, whether or not it exists. Kept for the library API.
 */
export function resolveSpecPath(options: ResolveSpecPathOptions): string {
  return locateSpec(options).path;
}

/** The user's spec, the credential helper's default: `$XDG_CONFIG_HOME/crossrole/crossrole.yaml` or ~/.config/... */
export function userSpecPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg?.startsWith("/") ? xdg : join(home, ".config");
  return join(base, "crossrole", "crossrole.yaml");
}

/**
 * The line every command prints on stderr once it knows its spec: `crossrole: using spec ../crossrole.yaml`
 * (relative to the working directory when that is shorter).
 */
export function describeSpecInUse(location: SpecLocation, cwd: string): string {
  return `crossrole: using spec ${showPath(location.path, cwd)}${sourceNote(location.source)}\n`;
}

/**
 * A path as people at `cwd` read it: relative when it is below `cwd` or directly in one of its ancestors
 * (`../../crossrole.yaml`, what the upward search finds), else absolute.
 */
export function showPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === "" || isAbsolute(rel)) return path;
  const parts = rel.split(sep);
  const ups = parts.findIndex((p) => p !== "..");
  return ups <= 0 || parts.length - ups === 1 ? rel : path;
}

/**
 * "no access spec found: looked for crossrole.yaml, crossrole.yml or crossrole.json in /w/a/b, /w/a and /w (the
 * repository root)": where the search looked and why it stopped. Undefined when a spec was found or named.
 */
export function describeSpecNotFound(location: SpecLocation, cwd: string): string | undefined {
  if (location.source !== "none") return undefined;
  const dirs = location.searched.map((d) => showDir(d, cwd));
  const names = `${DEFAULT_SPEC_FILES.slice(0, -1).join(", ")} or ${DEFAULT_SPEC_FILES.at(-1)}`;
  const where =
    dirs.length <= 1
      ? (dirs[0] ?? ".")
      : dirs.length <= 4
        ? `${dirs.slice(0, -1).join(", ")} and ${dirs.at(-1)}`
        : `${dirs[0]} and its ${dirs.length - 1} parent directories up to ${dirs.at(-1)}`;
  return `no access spec found: looked for ${names} in ${where}${stopNote(location.stop)}.`;
}

// --- internal ---

function searchUpward(cwd: string, home: string | undefined): SpecLocation {
  const searched: string[] = [];
  let dir = cwd;
  for (;;) {
    searched.push(dir);
    for (const name of DEFAULT_SPEC_FILES) {
      const entry = probe(join(dir, name));
      if (entry === "present") return { path: join(dir, name), source: "found", searched };
      if (entry !== "absent") return notFound(cwd, searched, { kind: "unreadable", dir, code: entry });
    }
    if (probe(join(dir, ".git")) === "present") return notFound(cwd, searched, { kind: "repository", dir });
    if (home !== undefined && dir === home) return notFound(cwd, searched, { kind: "home", dir });
    const parent = dirname(dir);
    if (parent === dir) return notFound(cwd, searched, { kind: "root", dir });
    dir = parent;
  }
}

function notFound(cwd: string, searched: string[], stop: SearchStop): SpecLocation {
  return { path: join(cwd, DEFAULT_SPEC_FILES[0]), source: "none", searched, stop };
}

/** "present", "absent", or the error code that says we could not tell (EACCES, ELOOP...). */
function probe(path: string): "present" | "absent" | string {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) === undefined ? "absent" : "present";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "EIO";
    return code === "ENOENT" || code === "ENOTDIR" ? "absent" : code;
  }
}

function sourceNote(source: SpecSource): string {
  switch (source) {
    case "env":
      return " (from CROSSROLE_CONFIG)";
    case "user-config":
      return " (the user's spec)";
    default:
      return "";
  }
}

function showDir(dir: string, cwd: string): string {
  const rel = relative(cwd, dir);
  if (rel === "") return `${dir} (the working directory)`;
  return dir;
}

function stopNote(stop: SearchStop | undefined): string {
  switch (stop?.kind) {
    case "repository":
      return ` (the search stops at the repository root, ${stop.dir})`;
    case "home":
      return ` (the search stops at the home directory, ${stop.dir})`;
    case "unreadable":
      return `; it could not look into ${stop.dir} (${stop.code}), so it stopped there`;
    default:
      return "";
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
