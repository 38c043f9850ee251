import { spawn } from "node:child_process";
import { constants } from "node:os";
import { EnvironmentError } from "../../core/errors.js";
import { credentialEnvVariables } from "../../core/session/credential-env-variables.js";
import type { TemporaryCredentials } from "../../core/session/temporary-credentials.js";

export interface RunWithCredentialsOptions {
  command: string;
  args: readonly string[];
  credentials: TemporaryCredentials;
  region: string;
  /** The environment to start from (the parent's); scrubbed by {@link credentialChildEnv}. */
  env: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}

/**
 * Variables removed from the child's environment: anything that could make an AWS SDK or CLI in the child use other
 * credentials than the ones given (profiles, stale session tokens, container/web-identity/instance sources).
 * AWS_ENDPOINT_URL* and the shared-file locations are kept: they say where and how, not who.
 */
export const SCRUBBED_AWS_VARIABLES = [
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWS_SESSION_EXPIRATION",
  "AWS_CREDENTIAL_FILE",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_ARN",
  "AWS_ROLE_SESSION_NAME",
  "AWS_SDK_LOAD_CONFIG",
] as const;

/** Signals passed on to the child, so that `kill`/Ctrl-C/terminal hang-up reach the real work. */
export const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const;

/**
 * `env` minus {@link SCRUBBED_AWS_VARIABLES}, every `AWS_CONTAINER_CREDENTIALS_*` /
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN*` and every unset variable: what a child may inherit before crossrole adds the
 * credentials it is meant to use. Pure.
 */
export function scrubbedAwsEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const scrubbed = new Set<string>(SCRUBBED_AWS_VARIABLES);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || scrubbed.has(name)) continue;
    if (name.startsWith("AWS_CONTAINER_CREDENTIALS_") || name.startsWith("AWS_CONTAINER_AUTHORIZATION_TOKEN"))
      continue;
    out[name] = value;
  }
  return out;
}

/**
 * The child's environment: `env` minus {@link SCRUBBED_AWS_VARIABLES} and every `AWS_CONTAINER_CREDENTIALS_*` /
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN*`, plus the credentials (key, secret, session token, expiration) and
 * AWS_REGION + AWS_DEFAULT_REGION. Pure.
 */
export function credentialChildEnv(
  env: Readonly<Record<string, string | undefined>>,
  credentials: TemporaryCredentials,
  region: string,
): Record<string, string> {
  const out = scrubbedAwsEnv(env);
  for (const v of credentialEnvVariables({ credentials, region })) out[v.name] = v.value;
  return out;
}

/**
 * Runs `command` (no shell) with the credentials in its environment ({@link credentialChildEnv}), stdio inherited;
 * see {@link runCommand} for signals and exit codes.
 */
export function runWithCredentials(options: RunWithCredentialsOptions): Promise<number> {
  return runCommand({
    command: options.command,
    args: options.args,
    env: credentialChildEnv(options.env, options.credentials, options.region),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
}

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  command: string;
  args: readonly string[];
  /** The child's COMPLETE environment. */
  env: Record<string, string>;
  cwd?: string;
}

/**
 * Runs `command` (no shell) with exactly `env`, stdio inherited. SIGINT, SIGTERM, SIGHUP and SIGQUIT received
 * meanwhile are forwarded to it. Resolves to the child's exit code, or 128 + the signal number when a signal killed
 * it. A command that cannot be started is an EnvironmentError (`command not found: X`).
 */
export function runCommand(options: RunCommandOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, [...options.args], {
      env: options.env,
      stdio: "inherit",
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    });
    const forward = (signal: NodeJS.Signals) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const stopForwarding = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    child.once("error", (error: NodeJS.ErrnoException) => {
      stopForwarding();
      reject(spawnError(options.command, error));
    });
    child.once("exit", (code, signal) => {
      stopForwarding();
      if (signal !== null) resolve(128 + (constants.signals[signal] ?? 0));
      else resolve(code ?? 1);
    });
  });
}

// --- internal ---

function spawnError(command: string, error: NodeJS.ErrnoException): EnvironmentError {
  if (error.code === "ENOENT") {
    return new EnvironmentError("COMMAND_NOT_FOUND", `command not found: ${command}`, {
      hint: "Check the spelling and PATH, or give the full path of the program.",
      cause: error,
    });
  }
  if (error.code === "EACCES") {
    return new EnvironmentError("COMMAND_NOT_EXECUTABLE", `command not executable: ${command}`, {
      hint: "Check the file's execute permission.",
      cause: error,
    });
  }
  return new EnvironmentError("COMMAND_FAILED", `cannot start ${command}: ${error.message}`, {
    cause: error,
  });
}
