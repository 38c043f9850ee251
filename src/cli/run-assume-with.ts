import { EnvironmentError, UsageError } from "../core/errors.js";
import { formatExpiration } from "../core/session/format-expiration.js";
import { ENV_FORMATS, type EnvFormat, formatEnv, isEnvFormat } from "../outputs/format-env.js";
import type { AssumeTargetOptions, AssumeTargetResult } from "../workflows/assume-target.js";
import type { CliContext } from "./cli-context.js";
import { ExitCode } from "./exit-codes.js";
import { parseAssumeArgs } from "./parse-assume-options.js";

/** How {@link runAssumeWith} gets the credentials, and the command's help. */
export interface AssumeRunner {
  /** Undefined: the target is only known by parsing the spec (the fast path); nothing was printed. */
  assume: (options: AssumeTargetOptions) => Promise<AssumeTargetResult | undefined>;
  /** The help text (the full command). */
  usage?: string;
  /**
   * The fast path: `--help` and `--format github-env` (which appends to a file after printing) are left to the
   * full command (undefined is returned before anything is printed).
   */
  fastPath?: boolean;
}

/**
 * `crossrole assume` from argv to output: parses the flags, gets the credentials from `runner.assume`, prints them
 * in the chosen format. Returns undefined, having printed nothing, when `runner.assume` did (on the fast path, a
 * target only the spec's parsing can resolve), or for what the fast path leaves to the full command.
 */
export async function runAssumeWith(
  argv: string[],
  ctx: CliContext,
  runner: AssumeRunner,
): Promise<number | undefined> {
  const parsed = parseAssumeArgs("assume", argv, ctx, VERSION);
  if (parsed.help) {
    if (runner.fastPath === true || runner.usage === undefined) return undefined;
    ctx.stdout.write(runner.usage);
    return ExitCode.ok;
  }
  const format = parseFormat(parsed.values.format, ctx);
  if (format === "github-env" && runner.fastPath === true) return undefined;
  if (format === "github-env" && (ctx.env.GITHUB_ENV ?? "") === "") {
    throw new EnvironmentError(
      "GITHUB_ENV_UNSET",
      "--format github-env needs $GITHUB_ENV, which is not set.",
      {
        hint: "Use it in a GitHub Actions step, or pick another --format (sh, dotenv, json, ...).",
      },
    );
  }
  const result = await runner.assume(parsed.options);
  if (result === undefined) return undefined;
  if (parsed.specNotice !== undefined) ctx.stderr.write(parsed.specNotice);
  for (const warning of result.warnings) ctx.stderr.write(`crossrole: warning: ${warning}\n`);

  if (format === "summary") {
    ctx.stdout.write(renderSummary(result, argv));
    return ExitCode.ok;
  }
  const output = formatEnv(format, { credentials: result.credentials, region: result.region });
  if (format === "github-env") {
    ctx.stdout.write(output.masks);
    const file = ctx.env.GITHUB_ENV as string;
    try {
      const { appendFile } = await import("node:fs/promises"); // not on the common path: loaded when used
      await appendFile(file, output.text, { mode: 0o600 });
    } catch (error) {
      throw new EnvironmentError(
        "GITHUB_ENV_WRITE",
        `cannot append to $GITHUB_ENV (${file}): ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    if (parsed.values.quiet !== true) {
      ctx.stderr.write(
        `crossrole: credentials for ${result.roleArn} added to $GITHUB_ENV (expires ${formatExpiration(result.expiration)}).\n`,
      );
    }
    return ExitCode.ok;
  }
  ctx.stdout.write(output.text);
  return ExitCode.ok;
}

// --- internal ---

declare const __CROSSROLE_VERSION__: string | undefined;
const VERSION = typeof __CROSSROLE_VERSION__ === "string" ? __CROSSROLE_VERSION__ : "dev";

function parseFormat(value: string | undefined, ctx: CliContext): EnvFormat | "summary" {
  if (value === undefined) return ctx.stdout.isTTY === true ? "summary" : "sh";
  if (!isEnvFormat(value)) {
    throw new UsageError(
      `crossrole assume: unknown --format "${value}". Accepted: ${ENV_FORMATS.join(", ")}.`,
    );
  }
  return value;
}

/** What a person at a terminal sees: who, until when, and how to use it. No secret. */
function renderSummary(result: AssumeTargetResult, argv: string[]): string {
  const minutes = Math.max(0, Math.round((result.expiration.getTime() - Date.now()) / 60_000));
  const args = argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
  const lines = [
    `Assumed ${result.roleArn}${result.targetName === undefined ? "" : ` (target ${result.targetName})`}`,
    `  identity  ${result.assumedRoleArn ?? "(not reported)"}`,
    `  session   ${result.sessionName}`,
    `  region    ${result.region}`,
    `  expires   ${formatExpiration(result.expiration)} (in ${minutes} min)${result.fromCache ? ", from the cache" : ""}`,
    "",
    "No credentials were printed: stdout is a terminal. To use them:",
    `  eval "$(crossrole assume ${args})"          # this shell`,
    `  crossrole exec ${args} -- COMMAND ARGS...   # one command`,
    `  crossrole assume ${args} --format dotenv    # or fish, powershell, json, credential-process, ...`,
    "",
  ];
  return lines.join("\n");
}
