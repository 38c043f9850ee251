import { UsageError } from "../core/errors.js";
import { resolveHomeDir } from "../local/fs/resolve-home-dir.js";
import {
  describeSpecInUse,
  describeSpecNotFound,
  locateSpec,
  type SpecLocation,
} from "../outputs/spec-file/resolve-spec-path.js";
import type { CliContext } from "./cli-context.js";

/** When the "using spec" line is printed. */
export type SpecNotice =
  /** Reporting and admin commands: unless the file was named with -c (the user just typed it). */
  | "unless-named"
  /**
   * assume, exec, serve (whose stdout is eval'd or whose stderr is a child's): only when the upward search found it
   * in a parent directory, the one case where the working directory does not make it obvious.
   */
  | "from-parent";

/**
 * The spec file a command uses (-c, else CROSSROLE_CONFIG, else the upward search: {@link locateSpec}), announced on
 * stderr as `crossrole: using spec ../crossrole.yaml` (never on stdout, so JSON and eval'd output stay clean).
 * @throws UsageError (exit 2) when neither names one and the search found none: where it looked, and what to do.
 */
export function specFileFor(
  ctx: CliContext,
  /** The command's -c and -q/--quiet values (--quiet: found, never announced). */
  values: { readonly config?: string | undefined; readonly quiet?: boolean | undefined },
  notice: SpecNotice = "unless-named",
): string {
  const location = locateSpecFor(ctx, values.config);
  const error = specNotFoundError(location, ctx.cwd);
  if (error !== undefined) throw error;
  if (values.quiet !== true && shouldAnnounce(location, notice)) {
    ctx.stderr.write(describeSpecInUse(location, ctx.cwd));
  }
  return location.path;
}

/**
 * The spec's location without printing or throwing (assume's parser: the line is printed once the credentials
 * are there, so the fast path and the full CLI never both print it). See {@link specNotFoundError}.
 */
export function locateSpecFor(ctx: Pick<CliContext, "env" | "cwd">, flag: string | undefined): SpecLocation {
  return locateSpec({ flag, env: ctx.env, cwd: ctx.cwd, home: homeOrUndefined(ctx.env) });
}

/** The error for a search that found nothing; undefined when a spec was found or named. */
export function specNotFoundError(location: SpecLocation, cwd: string): UsageError | undefined {
  const message = describeSpecNotFound(location, cwd);
  if (message === undefined) return undefined;
  return new UsageError(message, {
    hint: "Run `crossrole init` to write one here, or point to yours with -c FILE or CROSSROLE_CONFIG.",
  });
}

/** Whether the "using spec" line is due (see {@link SpecNotice}). */
export function shouldAnnounce(location: SpecLocation, notice: SpecNotice): boolean {
  if (notice === "from-parent") return location.source === "found" && location.searched.length > 1;
  return location.source !== "flag" && location.source !== "none";
}

// --- internal ---

function homeOrUndefined(env: CliContext["env"]): string | undefined {
  try {
    return resolveHomeDir(env);
  } catch {
    return undefined; // no home directory: no boundary (the command reports HOME_UNKNOWN if it needs one)
  }
}
