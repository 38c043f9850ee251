import { profileRegion } from "../core/session/profile-region.js";
import { awsProfileFiles } from "../local/fs/check-aws-shared-files.js";
import { readLocalFile } from "../local/fs/read-local-file.js";

type Env = Readonly<Record<string, string | undefined>>;

/** The profile the source credentials come from: the flag's, else AWS_PROFILE, else "default" (as the SDK). */
export function sourceProfileName(env: Env, flag: string | undefined): string {
  return flag ?? (env.AWS_PROFILE || undefined) ?? "default";
}

/**
 * The last step of the one region order (--region, the spec's, AWS_REGION/AWS_DEFAULT_REGION, the profile's): the
 * source profile's `region` in the AWS config file. Read only when nothing else names a region.
 */
export function sourceProfileRegion(
  env: Env,
  home: string,
  flag: string | undefined,
): { source: string; value: string } | undefined {
  const profile = sourceProfileName(env, flag);
  const [config] = awsProfileFiles(env, home);
  if (config === undefined) return undefined;
  const text = readLocalFile(config.path, config.rules)?.toString("utf8");
  const value = text === undefined ? undefined : profileRegion(text, profile);
  return value === undefined ? undefined : { source: `profile ${profile}'s region`, value };
}
