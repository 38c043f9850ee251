import { join } from "node:path";
import { checkLocalFile, type LocalFileRules, MIB } from "./read-local-file.js";

/** How crossrole reads the AWS shared config and credentials files (profile editing, cache keys). */
export const AWS_SHARED_FILE: LocalFileRules = {
  what: "AWS shared config file",
  // Generated SSO configs with thousands of profiles stay far below this.
  maxBytes: 4 * MIB,
  hint: "Point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at regular files, or unset them.",
};

/** How AWS_WEB_IDENTITY_TOKEN_FILE is read: checked before the SDK reads it, and digested into cache keys. */
export const WEB_IDENTITY_TOKEN_FILE: LocalFileRules = {
  what: "AWS_WEB_IDENTITY_TOKEN_FILE",
  // A JWT: a few KiB.
  maxBytes: MIB,
  hint: "Point AWS_WEB_IDENTITY_TOKEN_FILE at the token file itself, or unset it.",
};

/** One file the AWS SDK reads by itself, and the rules it is checked with. */
export interface AwsSharedFile {
  path: string;
  rules: LocalFileRules;
}

/**
 * The files the AWS SDK reads on its own while it resolves credentials and settings: the shared config and
 * credentials files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials) and,
 * when set, AWS_WEB_IDENTITY_TOKEN_FILE. Each `what` names the variable that chose it.
 */
export function awsSharedFiles(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): AwsSharedFile[] {
  const files = awsProfileFiles(env, home);
  const token = env.AWS_WEB_IDENTITY_TOKEN_FILE;
  // (the SDK reads it as given)
  if (token !== undefined && token !== "") {
    files.push({ path: token, rules: WEB_IDENTITY_TOKEN_FILE });
  }
  return files;
}

/** The shared config and credentials files, as the SDK finds them (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE). */
export function awsProfileFiles(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): AwsSharedFile[] {
  return [
    pick(env, home, "AWS_CONFIG_FILE", join(".aws", "config"), "AWS config file"),
    pick(env, home, "AWS_SHARED_CREDENTIALS_FILE", join(".aws", "credentials"), "AWS credentials file"),
  ];
}

/**
 * Checks, before any AWS SDK client resolves credentials, that the files the SDK reads by itself are regular files
 * of a sane size: the SDK would wait forever on a FIFO there and read /dev/zero until memory runs out. Missing files
 * are fine (the SDK treats them as absent).
 * @throws LocalFileError (exit 5) naming the variable, the path and what is wrong.
 */
export function checkAwsSharedFiles(env: Readonly<Record<string, string | undefined>>, home: string): void {
  for (const file of awsSharedFiles(env, home)) checkLocalFile(file.path, file.rules);
}

// --- internal ---

/** `env[name]`, else `fallback` in the home directory. */
function pick(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  name: string,
  fallback: string,
  what: string,
): AwsSharedFile {
  const value = env[name];
  if (value === undefined || value === "") {
    return { path: join(home, fallback), rules: { ...AWS_SHARED_FILE, what } };
  }
  // As the SDK reads it: a leading ~/ is the home directory.
  const path = value.startsWith("~/") ? join(home, value.slice(2)) : value;
  return { path, rules: { ...AWS_SHARED_FILE, what: name } };
}
