import { CrossroleError, UsageError } from "../../core/errors.js";
import { runWithCredentials } from "../../local/process/run-with-credentials.js";
import { assumeTarget } from "../../workflows/assume-target.js";
import type { CliContext } from "../cli-context.js";
import { execWithEndpoint } from "../exec-with-endpoint.js";
import { ExitCode } from "../exit-codes.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { parseAssumeArgs } from "../parse-assume-options.js";
import { renderError } from "../render-error.js";
import { stsAdapterLoader } from "../sts-adapter-loader.js";

const usage = `Usage: crossrole exec TARGET [options] -- COMMAND [ARGS...]
       crossrole exec --role-arn ARN --external-id ID [--region R] [options] -- COMMAND [ARGS...]

Runs COMMAND (no shell) with the target role's credentials in its environment: AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, AWS_REGION and AWS_DEFAULT_REGION are set;
AWS_PROFILE, container and web-identity credential settings are removed so nothing else is used. Nothing secret is
printed. Signals (INT, TERM, HUP, QUIT) are forwarded. Exit code: the command's, or 128+N when signal N killed it;
127 when COMMAND is not found, 126 when it is not executable (as shells report them).

Options:
${renderOptionsHelp("exec")}

Examples:
  crossrole exec deploy -- aws sts get-caller-identity
  crossrole exec deploy --duration 7200 -- ./deploy.sh production
`;

/** `crossrole exec`: run a command as the target's role; returns the command's exit code. */
export async function runExec(argv: string[], ctx: CliContext): Promise<number> {
  const cut = argv.indexOf("--");
  const own = cut < 0 ? argv : argv.slice(0, cut);
  const [command, ...args] = cut < 0 ? [] : argv.slice(cut + 1);
  const parsed = parseAssumeArgs("exec", own, ctx, VERSION);
  if (parsed.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  if (command === undefined || command === "") {
    throw new UsageError("crossrole exec: no command given.", {
      hint: "Put the command after --: crossrole exec TARGET -- COMMAND ARGS...",
    });
  }
  if (parsed.specNotice !== undefined) ctx.stderr.write(parsed.specNotice);
  try {
    if (parsed.values.serve === true) return await execWithEndpoint(parsed.options, command, args, ctx);
    const result = await assumeTarget({ ...parsed.options, loadSts: stsAdapterLoader(parsed.options) });
    for (const warning of result.warnings) ctx.stderr.write(`crossrole: warning: ${warning}\n`);
    return await runWithCredentials({
      command,
      args,
      credentials: result.credentials,
      region: result.region,
      env: ctx.env,
      cwd: ctx.cwd,
    });
  } catch (error) {
    const code = startFailureCode(error);
    if (code === undefined) throw error;
    ctx.stderr.write(renderError(error));
    return code;
  }
}

/**
 * A command that could not be started exits as a shell (and aws-vault) reports it: 127 not found, 126 found but
 * not executable. crossrole's own failures keep the exit code table.
 */
function startFailureCode(error: unknown): number | undefined {
  if (!(error instanceof CrossroleError)) return undefined;
  if (error.code === "COMMAND_NOT_FOUND") return 127;
  if (error.code === "COMMAND_NOT_EXECUTABLE") return 126;
  return undefined;
}

// --- internal ---

declare const __CROSSROLE_VERSION__: string | undefined;
const VERSION = typeof __CROSSROLE_VERSION__ === "string" ? __CROSSROLE_VERSION__ : "dev";
