import { CrossroleError, UsageError } from "../core/errors.js";
import { resolveHomeDir } from "../local/fs/resolve-home-dir.js";
import { profileExists } from "../outputs/ini/profile-references.js";
import { readAwsFile, resolveAwsProfileFiles } from "../outputs/write-aws-profile.js";
import type { CliContext } from "./cli-context.js";

/**
 * A profile the SDK could not use (PROFILE_NO_CREDENTIALS) that is in neither AWS file is a name the user got
 * wrong: "profile NAME not found in FILE or FILE" (a UsageError, exit 2), not an AWS authentication failure. Any
 * other error, and a profile that exists (then its settings are at fault), is returned as it was. Loaded by the CLI
 * on the error path only.
 */
export async function explainProfileError(error: unknown, ctx: CliContext): Promise<unknown> {
  if (!(error instanceof CrossroleError) || error.code !== "PROFILE_NO_CREDENTIALS") return error;
  const name = /^profile (.+) gave no AWS credentials/.exec(error.message)?.[1];
  if (name === undefined) return error;
  return (await missingProfile(name, ctx, error)) ?? error;
}

/**
 * The error for a profile that is in neither AWS file (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE or their
 * defaults); undefined when it exists, or when the files cannot be read (the SDK's finding then stands).
 */
export async function missingProfile(
  name: string,
  ctx: CliContext,
  cause?: unknown,
): Promise<UsageError | undefined> {
  try {
    const files = resolveAwsProfileFiles({ env: ctx.env, homeDir: resolveHomeDir(ctx.env), cwd: ctx.cwd });
    const config = await readAwsFile(files.configFile);
    const credentials = await readAwsFile(files.credentialsFile);
    const docs = [
      ...(config === undefined ? [] : [{ doc: config, kind: "config" as const }]),
      ...(credentials === undefined ? [] : [{ doc: credentials, kind: "credentials" as const }]),
    ];
    if (profileExists(docs, name)) return undefined;
    return new UsageError(`profile ${name} not found in ${files.configFile} or ${files.credentialsFile}.`, {
      hint: `Check the name (aws configure list-profiles), or create it (aws configure --profile ${name}).`,
      ...(cause === undefined ? {} : { cause }),
    });
  } catch {
    return undefined;
  }
}
