import { appendFile } from "node:fs/promises";
import { EnvironmentError, UsageError } from "../../core/errors.js";
import { ENV_FORMATS, type EnvFormat, formatEnv, isEnvFormat } from "../../outputs/format-env.js";
import { type AssumeTargetResult, assumeTarget } from "../../workflows/assume-target.js";
import type { CliContext } from "../cli-context.js";
import { ExitCode } from "../exit-codes.js";
import { assumeFlagsHelp, parseAssumeArgs } from "../parse-assume-options.js";
import { stsAdapterLoader } from "../sts-adapter-loader.js";

const usage = `Usage: crossrole assume TARGET [options] [--format F]
       crossrole assume --role-arn ARN --external-id ID [--region R] [options]

Assumes the target's role (sts:AssumeRole with its ExternalId) and prints the credentials for another program.
Sessions are cached (0600 files under $CROSSROLE_CACHE_DIR, $XDG_CACHE_HOME/crossrole or ~/.cache/crossrole)
and reused until 10 minutes before they expire, so calling it in every build step costs one AssumeRole.

${assumeFlagsHelp}
  -f, --format F          ${ENV_FORMATS.join(" | ")}
                          (default: sh when stdout is not a terminal; on a terminal, a summary without
                          secrets). github-env appends to $GITHUB_ENV and prints ::add-mask:: lines.

Examples:
  eval "$(crossrole assume deploy)"
  crossrole assume deploy --format dotenv > .env.aws
  crossrole assume deploy --format github-env
  crossrole assume --role-arn arn:aws:iam::111111111111:role/deploy --external-id X --region eu-west-1
`;

/** `crossrole assume`: assume a target's role and print its credentials in the chosen format. */
export async function runAssume(argv: string[], ctx: CliContext): Promise<number> {
  const parsed = parseAssumeArgs("assume", argv, ctx, { format: { type: "string", short: "f" } }, VERSION);
  if (parsed.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  const format = parseFormat(parsed.values.format as string | undefined, ctx);
  if (format === "github-env" && (ctx.env.GITHUB_ENV ?? "") === "") {
    throw new EnvironmentError(
      "GITHUB_ENV_UNSET",
      "--format github-env needs $GITHUB_ENV, which is not set.",
      {
        hint: "Use it in a GitHub Actions step, or pick another --format (sh, dotenv, json, ...).",
      },
    );
  }
  const result = await assumeTarget({ ...parsed.options, loadSts: stsAdapterLoader(parsed.options) });
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
    ctx.stderr.write(
      `crossrole: credentials for ${result.roleArn} added to $GITHUB_ENV (expires ${iso(result)}).\n`,
    );
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

function iso(result: AssumeTargetResult): string {
  return result.expiration.toISOString().replace(/\.\d{3}Z$/, "Z");
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
    `  expires   ${iso(result)} (in ${minutes} min)${result.fromCache ? ", from the cache" : ""}`,
    "",
    "No credentials were printed: stdout is a terminal. To use them:",
    `  eval "$(crossrole assume ${args})"          # this shell`,
    `  crossrole exec ${args} -- COMMAND ARGS...   # one command`,
    `  crossrole assume ${args} --format dotenv    # or fish, powershell, json, credential-process, ...`,
    "",
  ];
  return lines.join("\n");
}
