import { UsageError } from "../../core/errors.js";
import { parseDuration } from "../../core/parse-duration.js";
import { formatExpiration } from "../../core/session/format-expiration.js";
import { resolveHomeDir } from "../../local/fs/resolve-home-dir.js";
import { renderProfileRemoveJson, renderProfileWriteJson } from "../../outputs/json/render-profile-json.js";
import { resolveAwsProfileFiles } from "../../outputs/write-aws-profile.js";
import {
  CREDENTIAL_SOURCES,
  type CredentialSourceName,
  type ProfileCredentialSource,
  type ProfileRoleSource,
  removeProfile,
  writeProfile,
} from "../../workflows/write-profile.js";
import type { CliContext } from "../cli-context.js";
import { ExitCode } from "../exit-codes.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { outputStyle } from "../output-style.js";
import { sourceProfile } from "../parse-assume-options.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { specFileFor } from "../spec-in-use.js";
import { oneTargetName } from "../target-args.js";

const usage = `Usage: crossrole profile TARGET [options] SOURCE
       crossrole profile --role-arn ARN [--external-id ID] [--region R] [--name NAME] [options] SOURCE
       crossrole profile (TARGET | --name NAME) --remove

Writes an AWS config profile that assumes a role with its ExternalId ("way 2"), so that the aws CLI, boto3, the
JS SDK and anything else reading ~/.aws/config can use it: --profile NAME or AWS_PROFILE=NAME.

SOURCE, where AssumeRole gets the BUILD credentials, is exactly one of --source-profile (or --profile),
--source-from-env and --credential-source; or none, for a keyless spec (build.oidc) in its CI job: the job's
OIDC token is written to a 0600 file beside the config file (~/.aws/crossrole-web-identity/NAME.jwt) that
[profile NAME-source] reads (web_identity_token_file); it expires with the CI's, so run profile again to refresh.

Options:
${renderOptionsHelp("profile")}

Files: $AWS_CONFIG_FILE (default ~/.aws/config) and $AWS_SHARED_CREDENTIALS_FILE (default ~/.aws/credentials),
0600, edited in place: comments, order and other sections are kept byte for byte. crossrole's sections carry
the line "# managed by crossrole (...)" above their header; sections without it are never changed without --force.

Examples:
  crossrole profile ourthing --credential-source Ec2InstanceMetadata
  crossrole profile ourthing --source-from-env --name build
  crossrole profile --role-arn arn:aws:iam::111111111111:role/OurThingBuildRole \\
      --external-id some_key_build --region eu-west-1 --source-profile build --name ourthing
  aws sts get-caller-identity --profile ourthing
  crossrole profile ourthing --remove
`;

/** `crossrole profile`: write (or remove) an AWS config profile that assumes a target's role. */
export async function runProfile(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("profile", argv);
  if (values.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  const target = oneTargetName("profile", positionals, values.target);
  const files = resolveAwsProfileFiles({ env: ctx.env, homeDir: resolveHomeDir(ctx.env), cwd: ctx.cwd });

  if (values.remove) {
    const name = values.name ?? target;
    if (name === undefined) {
      throw new UsageError("crossrole profile --remove: name the profile (TARGET or --name NAME).", {
        hint: "Run: crossrole profile --help",
      });
    }
    const { removed } = await removeProfile({ files, name });
    if (values.json === true) {
      ctx.stdout.write(renderProfileRemoveJson(name, removed));
      return ExitCode.ok;
    }
    if (values.quiet === true) return ExitCode.ok;
    if (removed.length === 0)
      ctx.stdout.write(`nothing to remove: crossrole wrote no profile named ${name}\n`);
    for (const section of removed)
      ctx.stdout.write(`${outputStyle(ctx, values).warn("removed")} ${section}\n`);
    return ExitCode.ok;
  }

  const role = parseRole(target, values, ctx);
  const source = parseSource(
    { ...values, "source-profile": sourceProfile("profile", values.profile, values["source-profile"]) },
    ctx.env,
  );
  const result = await writeProfile({
    files,
    role,
    source,
    name: values.name,
    region: values.region,
    sessionName: values["session-name"],
    durationSeconds: duration(values.duration),
    force: values.force === true,
  });
  for (const warning of result.warnings) ctx.stderr.write(`crossrole: warning: ${warning}\n`);
  if (values.json === true) {
    ctx.stdout.write(renderProfileWriteJson(result));
    return ExitCode.ok;
  }
  if (values.quiet === true) return ExitCode.ok;
  const style = outputStyle(ctx, values);
  const header = result.profile === "default" ? "[default]" : `[profile ${result.profile}]`;
  const verb = result.changed ? style.good("wrote") : style.dim("unchanged:");
  ctx.stdout.write(
    `${verb} ${header} in ${result.configFile} (role ${result.roleArn}, ${result.externalId === undefined ? "no ExternalId" : "with ExternalId"}${result.region === undefined ? "" : `, region ${result.region}`})\n`,
  );
  if (result.webIdentity !== undefined) {
    const w = result.webIdentity;
    const until = w.tokenExpiration === undefined ? undefined : formatExpiration(w.tokenExpiration);
    ctx.stdout.write(
      `${verb} [profile ${w.sourceProfile}] in ${result.configFile} (web identity into ${w.buildRoleArn})\n` +
        `wrote the CI's OIDC token to ${w.tokenFile} (0600${until === undefined ? "" : `; expires ${until}`}: run crossrole profile again to refresh it)\n`,
    );
  }
  if (result.sourceSection !== undefined) {
    ctx.stdout.write(
      `${verb} [${result.sourceSection}] in ${result.credentialsFile} (keys from the environment)\n`,
    );
  }
  const flag = result.profile === "default" ? "" : ` --profile ${result.profile}`;
  ctx.stdout.write(`try: aws sts get-caller-identity${flag}\n`);
  return ExitCode.ok;
}

// --- internal ---

interface RoleFlags {
  config?: string | undefined;
  "role-arn"?: string | undefined;
  "external-id"?: string | undefined;
}

function parseRole(target: string | undefined, values: RoleFlags, ctx: CliContext): ProfileRoleSource {
  const roleArn = values["role-arn"];
  if (roleArn !== undefined) {
    if (target !== undefined || values.config !== undefined) {
      throw new UsageError(
        "crossrole profile: give either a TARGET (from the spec) or --role-arn, not both.",
      );
    }
    return { kind: "role", roleArn, externalId: values["external-id"] };
  }
  if (values["external-id"] !== undefined) {
    throw new UsageError(
      "crossrole profile: --external-id goes with --role-arn; a TARGET's ExternalId comes from the spec.",
    );
  }
  if (target === undefined) {
    throw new UsageError("crossrole profile: name a TARGET of the access spec, or give --role-arn.", {
      hint: "Run: crossrole profile --help",
    });
  }
  return { kind: "spec", file: specFileFor(ctx, values), target };
}

interface SourceFlags {
  "source-profile"?: string | undefined;
  "source-from-env"?: boolean | undefined;
  "credential-source"?: string | undefined;
  "id-token-variable"?: string | undefined;
}

function parseSource(values: SourceFlags, env: CliContext["env"]): ProfileCredentialSource {
  const given = [
    values["source-profile"] !== undefined,
    values["source-from-env"] === true,
    values["credential-source"] !== undefined,
  ].filter(Boolean).length;
  // None: a keyless spec's CI token (writeProfile says what to pass when there is none).
  if (given === 0) return { kind: "ci-token", env, tokenVariable: values["id-token-variable"] };
  if (given !== 1) {
    throw new UsageError(
      `crossrole profile: choose exactly one of --source-profile, --source-from-env, --credential-source (${given} given).`,
      {
        hint: "They say where the profile's AssumeRole call gets the BUILD credentials. Run: crossrole profile --help",
      },
    );
  }
  const sourceProfile = values["source-profile"];
  if (sourceProfile !== undefined) return { kind: "source-profile", profile: sourceProfile };
  const credentialSource = values["credential-source"];
  if (credentialSource !== undefined) {
    const found = CREDENTIAL_SOURCES.find((s) => s.toLowerCase() === credentialSource.toLowerCase());
    if (found === undefined) {
      throw new UsageError(
        `crossrole profile: unknown --credential-source "${credentialSource}". Accepted: ${CREDENTIAL_SOURCES.join(", ")}.`,
      );
    }
    return { kind: "credential-source", source: found satisfies CredentialSourceName };
  }
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  const missing = [
    accessKeyId ? undefined : "AWS_ACCESS_KEY_ID",
    secretAccessKey ? undefined : "AWS_SECRET_ACCESS_KEY",
  ].filter((n) => n !== undefined);
  if (accessKeyId === undefined || secretAccessKey === undefined || missing.length > 0) {
    throw new UsageError(
      `crossrole profile --source-from-env: ${missing.join(" and ")} not set in the environment.`,
      {
        hint: "Export the BUILD principal's keys first; crossrole never takes keys from arguments.",
      },
    );
  }
  const sessionToken = env.AWS_SESSION_TOKEN;
  return {
    kind: "keys",
    keys: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
  };
}

function duration(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseDuration(value, "crossrole profile: --duration");
}
