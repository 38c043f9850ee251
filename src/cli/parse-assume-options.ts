import { UsageError } from "../core/errors.js";
import type { SessionTag } from "../core/session/credential-cache-key.js";
import { resolveHomeDir } from "../local/fs/resolve-home-dir.js";
import { describeSpecInUse } from "../outputs/spec-file/resolve-spec-path.js";
import type { AssumeTargetOptions } from "../workflows/assume-target.js";
import type { CliContext } from "./cli-context.js";
import { localIdentity } from "./local-identity.js";
import { type OptionsConfig, parseCommandArgs } from "./parse-command-args.js";
import { locateSpecFor, type SpecNotice, shouldAnnounce, specNotFoundError } from "./spec-in-use.js";
import { oneTargetName, targetNames, targetOption } from "./target-args.js";

/** The flags `assume` and `exec` share. */
export const assumeFlags = {
  config: { type: "string", short: "c" },
  ...targetOption,
  "role-arn": { type: "string" },
  "external-id": { type: "string" },
  "session-name": { type: "string" },
  duration: { type: "string" },
  "source-identity": { type: "string" },
  tag: { type: "string", multiple: true },
  "source-profile": { type: "string" },
  region: { type: "string" },
  "endpoint-url": { type: "string" },
  "min-ttl": { type: "string" },
  "no-cache": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies OptionsConfig;

/** Help text for the shared flags. */
export const assumeFlagsHelp = `Target (one of):
  TARGET, -t, --target NAME
                          A target of the access spec (positional or flag, the same)
  --role-arn ARN          Ad hoc: this role ...
  --external-id ID        ... with this ExternalId (not with TARGET: the spec holds it)

Options:
  -c, --config FILE       Access spec (default: $CROSSROLE_CONFIG, else crossrole.yaml here or above)
  --session-name NAME     RoleSessionName (default: from CI metadata, else user@host)
  --duration SECONDS      Session length, 900..43200 (default 3600; 3600 at most when chaining roles)
  --source-identity ID    SourceIdentity (needs sts:SetSourceIdentity in the trust)
  --tag KEY=VALUE         Session tag, repeatable (needs sts:TagSession in the trust)
  --source-profile NAME   Source credentials from this profile (default: the SDK's default chain)
  --region REGION         Region (default: the target's, else AWS_REGION)
  --endpoint-url URL      STS endpoint (also: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL)
  --min-ttl SECONDS       Reuse a cached session only if valid this long (default 600)
  --no-cache              Neither read nor write the credential cache
  -h, --help              Show this help`;

/** Parsed argv of `assume`/`exec`, ready for the workflow (plus the command's own extra values). */
export interface ParsedAssumeArgs<O extends OptionsConfig> {
  help: boolean;
  options: AssumeTargetOptions;
  /** The targets named (positionals and --target); at most one unless `allTargets` was given. */
  targetNames: string[];
  values: ReturnType<typeof parseCommandArgs<O & typeof assumeFlags>>["values"];
  /**
   * The "crossrole: using spec ..." line, when due (see SpecNotice), for the command to print on stderr once it
   * runs: not here, so the assume fast path and the full CLI it falls back to never both print it.
   */
  specNotice?: string | undefined;
}

/**
 * Parses and checks the shared flags (numbers, tags, target vs --role-arn) and builds the workflow's options.
 * Values are validated against the STS rules later, still before any network call, by the workflow.
 */
export function parseAssumeArgs<O extends OptionsConfig>(
  command: string,
  argv: string[],
  ctx: CliContext,
  extra: O,
  version: string,
  /** Several targets may be named; this placeholder stands for "every target" when none is. */
  many?: { allTargets: string },
  /** When the spec in use is announced: assume, exec and serve only when found in a parent directory. */
  notice: SpecNotice = "from-parent",
): ParsedAssumeArgs<O> {
  const { values, positionals } = parseCommandArgs(command, argv, { ...assumeFlags, ...extra });
  const v = values as Record<string, unknown>;
  const str = (name: string): string | undefined => v[name] as string | undefined;
  if (v.help === true) {
    return { help: true, options: undefined as unknown as AssumeTargetOptions, targetNames: [], values };
  }
  const flagged = v.target as string[] | undefined;
  const names =
    many === undefined
      ? [
          oneTargetName(
            command,
            positionals,
            flagged,
            command === "exec"
              ? "Put -- before the command: crossrole exec TARGET -- CMD ARGS..."
              : undefined,
          ),
        ].filter((n) => n !== undefined)
      : targetNames(positionals, flagged);
  const roleArn = str("role-arn");
  const targetName = roleArn === undefined && many !== undefined ? (names[0] ?? many.allTargets) : names[0];
  let target: AssumeTargetOptions["target"];
  let specNotice: string | undefined;
  let notFound: UsageError | undefined;
  if (roleArn !== undefined) {
    if (names.length > 0) {
      throw new UsageError(`crossrole ${command}: give either TARGET or --role-arn, not both.`);
    }
    target = { kind: "role", roleArn, externalId: str("external-id") };
  } else {
    if (targetName === undefined) {
      throw new UsageError(
        `crossrole ${command}: which target? Give TARGET (from the spec) or --role-arn ARN.`,
        {
          hint: `Run: crossrole ${command} --help`,
        },
      );
    }
    if (str("external-id") !== undefined) {
      throw new UsageError(
        `crossrole ${command}: --external-id goes with --role-arn; a spec target takes its ExternalId from the spec.`,
      );
    }
    const location = locateSpecFor(ctx, str("config"));
    notFound = specNotFoundError(location, ctx.cwd);
    target = { kind: "spec", file: location.path, target: targetName };
    if (shouldAnnounce(location, notice)) specNotice = describeSpecInUse(location, ctx.cwd);
  }
  const options: AssumeTargetOptions = {
    target,
    env: ctx.env,
    home: resolveHomeDir(ctx.env),
    ...localIdentity(ctx.env),
    sessionName: str("session-name"),
    durationSeconds: seconds("--duration", str("duration")),
    sourceIdentity: str("source-identity"),
    tags: parseTags((v.tag as string[] | undefined) ?? []),
    sourceProfile: str("source-profile"),
    region: str("region"),
    endpoint: str("endpoint-url"),
    minTtlSeconds: seconds("--min-ttl", str("min-ttl")),
    cache: v["no-cache"] !== true,
    version,
  };
  // After every flag is checked, so a bad flag is reported first, as when the spec was found.
  if (notFound !== undefined) throw notFound;
  return { help: false, options, targetNames: names, values, specNotice };
}

// --- internal ---

function seconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(value))
    throw new UsageError(`${flag} takes a whole number of seconds, not "${value}".`);
  return Number(value);
}

function parseTags(raw: readonly string[]): SessionTag[] | undefined {
  if (raw.length === 0) return undefined;
  return raw.map((text) => {
    const eq = text.indexOf("=");
    if (eq <= 0) throw new UsageError(`--tag takes KEY=VALUE, not "${text}".`);
    return { key: text.slice(0, eq), value: text.slice(eq + 1) };
  });
}
