import { UsageError } from "../core/errors.js";
import { TOKEN_VARIABLE_NAME } from "../core/identifiers/oidc-issuers.js";
import { parseDuration } from "../core/parse-duration.js";
import type { SessionTag } from "../core/session/credential-cache-key.js";
import { resolveHomeDir } from "../local/fs/resolve-home-dir.js";
import { describeSpecInUse } from "../outputs/spec-file/resolve-spec-path.js";
import type { AssumeTargetOptions } from "../workflows/assume-target.js";
import type { CliContext } from "./cli-context.js";
import { localIdentity } from "./local-identity.js";
import type { CommandValues } from "./options/command-options.js";
import { parseCommandArgs } from "./parse-command-args.js";
import { locateSpecFor, type SpecNotice, shouldAnnounce, specNotFoundError } from "./spec-in-use.js";
import { oneTargetName, targetNames } from "./target-args.js";

/** The commands that assume a target's role with the source credentials (their flags: src/cli/options). */
export type AssumeCommand = "assume" | "exec" | "serve" | "ecr login" | "ecr configure-helper" | "ecr logout";

/** Where the role comes from: a spec target (one or several), or an ad hoc --role-arn. */
export type AssumeSource =
  | { kind: "spec"; file: string }
  | { kind: "role"; roleArn: string; externalId?: string | undefined };

/** Parsed argv of `assume`/`exec`/`serve`: one target, ready for the workflow. */
export interface ParsedAssumeArgs<C extends AssumeCommand> {
  help: boolean;
  options: AssumeTargetOptions;
  values: CommandValues<C>;
  /**
   * The "crossrole: using spec ..." line, when due (see SpecNotice), for the command to print on stderr once it
   * runs: not here, so the assume fast path and the full CLI it falls back to never both print it.
   */
  specNotice?: string | undefined;
}

/** Parsed argv of an `ecr` subcommand: any number of spec targets (none: all), or one --role-arn. */
export interface ParsedAssumeSelection<C extends AssumeCommand> {
  help: boolean;
  /** Every assume option but the target. */
  options: Omit<AssumeTargetOptions, "target">;
  source: AssumeSource;
  /** The targets named (positionals and --target); empty with --role-arn. */
  targetNames: string[];
  values: CommandValues<C>;
  /** As {@link ParsedAssumeArgs.specNotice}. */
  specNotice?: string | undefined;
}

/**
 * Parses and checks the shared flags (durations, tags, target vs --role-arn, --profile as --source-profile) of a
 * command that assumes ONE target, and builds the workflow's options. Values are validated against the STS rules
 * later, still before any network call, by the workflow.
 */
export function parseAssumeArgs<C extends "assume" | "exec" | "serve">(
  command: C,
  argv: string[],
  ctx: CliContext,
  version: string,
  /** When the spec in use is announced: assume, exec and serve only when found in a parent directory. */
  notice: SpecNotice = "from-parent",
): ParsedAssumeArgs<C> {
  const { values, positionals } = parseCommandArgs(command, argv);
  const v = values as SharedValues;
  if (v.help === true) {
    return { help: true, options: undefined as unknown as AssumeTargetOptions, values };
  }
  const hint =
    command === "exec" ? "Put -- before the command: crossrole exec TARGET -- CMD ARGS..." : undefined;
  const names = [oneTargetName(command, positionals, v.target, hint)].filter((n) => n !== undefined);
  const { source, notFound, specNotice } = parseSource(command, v, names, ctx, notice);
  const [name] = names;
  if (source.kind === "spec" && name === undefined) {
    throw new UsageError(
      `crossrole ${command}: which target? Give TARGET (from the spec) or --role-arn ARN.`,
      {
        hint: `Run: crossrole ${command} --help`,
      },
    );
  }
  const target: AssumeTargetOptions["target"] =
    source.kind === "spec" ? { kind: "spec", file: source.file, target: name as string } : source;
  const options = { target, ...commonOptions(command, v, ctx, version) };
  // After every flag is checked, so a bad flag is reported first, as when the spec was found.
  if (notFound !== undefined) throw notFound;
  return { help: false, options, values, specNotice };
}

/** {@link parseAssumeArgs} for the `ecr` subcommands: several targets (none: every target of the spec). */
export function parseAssumeSelection<C extends "ecr login" | "ecr configure-helper" | "ecr logout">(
  command: C,
  argv: string[],
  ctx: CliContext,
  version: string,
  notice: SpecNotice = "unless-named",
): ParsedAssumeSelection<C> {
  const { values, positionals } = parseCommandArgs(command, argv);
  const v = values as SharedValues;
  if (v.help === true) {
    return {
      help: true,
      options: undefined as unknown as AssumeTargetOptions,
      source: { kind: "spec", file: "" },
      targetNames: [],
      values,
    };
  }
  const names = targetNames(positionals, v.target);
  const { source, notFound, specNotice } = parseSource(command, v, names, ctx, notice);
  const options = commonOptions(command, v, ctx, version);
  if (notFound !== undefined) throw notFound;
  return { help: false, options, source, targetNames: names, values, specNotice };
}

// --- internal ---

/** The flags every assuming command takes (the table gives them to all of them). */
type SharedValues = CommandValues<"ecr logout">;
type AssumeValues = SharedValues;

function parseSource(
  command: AssumeCommand,
  values: Pick<AssumeValues, "role-arn" | "external-id" | "config" | "quiet">,
  names: readonly string[],
  ctx: CliContext,
  notice: SpecNotice,
): { source: AssumeSource; notFound?: Error | undefined; specNotice?: string | undefined } {
  const roleArn = values["role-arn"];
  if (roleArn !== undefined) {
    if (names.length > 0) {
      throw new UsageError(`crossrole ${command}: give either TARGET or --role-arn, not both.`);
    }
    return { source: { kind: "role", roleArn, externalId: values["external-id"] } };
  }
  if (values["external-id"] !== undefined) {
    throw new UsageError(
      `crossrole ${command}: --external-id goes with --role-arn; a spec target takes its ExternalId from the spec.`,
    );
  }
  const location = locateSpecFor(ctx, values.config);
  return {
    source: { kind: "spec", file: location.path },
    notFound: specNotFoundError(location, ctx.cwd),
    // -q keeps stderr to errors and warnings: the spec in use is not announced.
    specNotice:
      values.quiet !== true && shouldAnnounce(location, notice)
        ? describeSpecInUse(location, ctx.cwd)
        : undefined,
  };
}

function commonOptions(
  command: AssumeCommand,
  values: AssumeValues,
  ctx: CliContext,
  version: string,
): Omit<AssumeTargetOptions, "target"> {
  return {
    env: ctx.env,
    home: resolveHomeDir(ctx.env),
    ...localIdentity(ctx.env),
    sessionName: values["session-name"],
    durationSeconds: duration("--duration", values.duration),
    sourceIdentity: values["source-identity"],
    tags: parseTags(values.tag ?? []),
    sourceProfile: sourceProfile(command, values.profile, values["source-profile"]),
    idTokenVariable: tokenVariable(values["id-token-variable"]),
    region: values.region,
    endpoint: values["endpoint-url"],
    minTtlSeconds: duration("--min-ttl", values["min-ttl"]),
    cache: values["no-cache"] !== true,
    version,
  };
}

/** `--profile` is `--source-profile` here (the one AWS side these commands have); both must then agree. */
export function sourceProfile(
  command: string,
  profile: string | undefined,
  source: string | undefined,
): string | undefined {
  if (profile !== undefined && source !== undefined && profile !== source) {
    throw new UsageError(
      `crossrole ${command}: --profile and --source-profile name the same thing (the source credentials); got "${profile}" and "${source}".`,
    );
  }
  return source ?? profile;
}

function tokenVariable(name: string | undefined): string | undefined {
  if (name !== undefined && !TOKEN_VARIABLE_NAME.test(name)) {
    throw new UsageError(
      `--id-token-variable takes an environment variable name (letters, digits, _), not "${name}".`,
    );
  }
  return name;
}

function duration(flag: string, value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseDuration(value, flag);
}

function parseTags(raw: readonly string[]): SessionTag[] | undefined {
  if (raw.length === 0) return undefined;
  return raw.map((text) => {
    const eq = text.indexOf("=");
    if (eq <= 0) throw new UsageError(`--tag takes KEY=VALUE, not "${text}".`);
    return { key: text.slice(0, eq), value: text.slice(eq + 1) };
  });
}
