import { UsageError } from "../../core/errors.js";
import { resolveHomeDir } from "../../local/fs/resolve-home-dir.js";
import { renderConfigureJson } from "../../outputs/json/render-configure-json.js";
import { resolveAwsProfileFiles } from "../../outputs/write-aws-profile.js";
import { configureFromEnv, DEFAULT_BUILDER_PROFILE } from "../../workflows/configure-from-env.js";
import type { CliContext } from "../cli-context.js";
import { ExitCode } from "../exit-codes.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { outputStyle } from "../output-style.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { rejectPositionals } from "../target-args.js";

const usage = `Usage: crossrole configure --from-env [--profile NAME] [--region REGION] [--force] [--json]

Container bootstrap (replaces configure-aws.sh of docker-builder-aws): writes, from environment variables,
  credentials file  [${DEFAULT_BUILDER_PROFILE}]          aws_access_key_id, aws_secret_access_key
  config file       [default] and [profile ${DEFAULT_BUILDER_PROFILE}]
                    role_arn, external_id, source_profile = ${DEFAULT_BUILDER_PROFILE}, region
so that every aws command (and SDK) in the container assumes ROLE_ARN with EXTERNAL_ID by default.
Nothing else is deleted or changed: other sections, comments and order are kept byte for byte, and a section
crossrole did not write is refused unless --force.

Environment:
  REGION (or AWS_REGION)    Region of the profiles (REGION wins)
  ROLE_ARN                  The target role, arn:aws:iam::ACCOUNT:role/NAME
  EXTERNAL_ID               The ExternalId its trust policy requires (optional, but then a loud warning)
  AWS_ACCESS_KEY_ID         The BUILD principal's keys
  AWS_SECRET_ACCESS_KEY
  AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE   Other files than ~/.aws/config and ~/.aws/credentials

Options:
${renderOptionsHelp("configure")}

Examples:
  docker run -e REGION -e ROLE_ARN -e EXTERNAL_ID -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY image \\
      sh -c 'crossrole configure --from-env && aws ecr get-login-password | docker login ...'
  crossrole configure --from-env --profile ourthing
`;

/** `crossrole configure --from-env`: the container bootstrap writing the builder profiles. */
export async function runConfigure(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("configure", argv);
  if (values.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  rejectPositionals("configure", positionals);
  if (values["from-env"] !== true) {
    throw new UsageError(
      "crossrole configure: pass --from-env (the settings come from environment variables).",
      {
        hint: "Run: crossrole configure --help",
      },
    );
  }
  const files = resolveAwsProfileFiles({ env: ctx.env, homeDir: resolveHomeDir(ctx.env), cwd: ctx.cwd });
  const result = await configureFromEnv({
    // --region is the REGION variable's flag (it wins over the environment, as flags do everywhere).
    env: values.region === undefined ? ctx.env : { ...ctx.env, REGION: values.region },
    files,
    profile: values.profile,
    force: values.force === true,
  });
  for (const warning of result.warnings) ctx.stderr.write(`crossrole: warning: ${warning}\n`);
  if (values.quiet !== true) for (const note of result.notes) ctx.stderr.write(`crossrole: note: ${note}\n`);
  if (values.json === true) {
    ctx.stdout.write(renderConfigureJson(result));
    return ExitCode.ok;
  }
  if (values.quiet === true) return ExitCode.ok;
  const style = outputStyle(ctx, values);
  const verb = result.changed ? style.good("wrote") : style.dim("unchanged:");
  ctx.stdout.write(
    `${verb} ${result.credentialsSection} in ${result.credentialsFile} (keys from the environment)\n`,
  );
  ctx.stdout.write(
    `${verb} ${result.configSections.join(" and ")} in ${result.configFile} (role ${result.roleArn}, ${result.externalId === undefined ? "NO ExternalId" : "with ExternalId"}, region ${result.region})\n`,
  );
  return ExitCode.ok;
}
