import { assumeTarget } from "../../workflows/assume-target.js";
import type { CliContext } from "../cli-context.js";
import { ExitCode } from "../exit-codes.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { runAssumeWith } from "../run-assume-with.js";
import { stsAdapterLoader } from "../sts-adapter-loader.js";

const usage = `Usage: crossrole assume TARGET [options] [--format F]
       crossrole assume --role-arn ARN --external-id ID [--region R] [options]

Assumes the target's role (sts:AssumeRole with its ExternalId) and prints the credentials for another program.
Sessions are cached (0600 files under $CROSSROLE_CACHE_DIR, $XDG_CACHE_HOME/crossrole or ~/.cache/crossrole)
and reused until 10 minutes before they expire, so calling it in every build step costs one AssumeRole.

Options:
${renderOptionsHelp("assume")}

Examples:
  eval "$(crossrole assume deploy)"
  crossrole assume deploy --format dotenv > .env.aws
  crossrole assume deploy --format github-env
  crossrole assume --role-arn arn:aws:iam::111111111111:role/deploy --external-id X --region eu-west-1
`;

/** `crossrole assume`: assume a target's role and print its credentials in the chosen format. */
export async function runAssume(argv: string[], ctx: CliContext): Promise<number> {
  const code = await runAssumeWith(argv, ctx, {
    usage,
    assume: (options) => assumeTarget({ ...options, loadSts: stsAdapterLoader(options) }),
  });
  return code ?? ExitCode.ok; // assumeTarget always answers
}
