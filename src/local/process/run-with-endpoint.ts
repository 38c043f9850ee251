import { runCommand, scrubbedAwsEnv } from "./run-with-credentials.js";

/** Options of {@link runWithEndpoint}. */
export interface RunWithEndpointOptions {
  command: string;
  args: readonly string[];
  /** The environment to start from (the parent's); scrubbed by {@link endpointChildEnv}. */
  env: Readonly<Record<string, string | undefined>>;
  /** The endpoint's variables (AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_CONTAINER_AUTHORIZATION_TOKEN, region). */
  endpoint: Readonly<Record<string, string>>;
  cwd?: string | undefined;
}

/**
 * The child's environment for `exec --serve`: `env` minus every static credential and credential source
 * (SCRUBBED_AWS_VARIABLES: keys, session token, AWS_PROFILE, web identity, ...) and minus every
 * AWS_CONTAINER_CREDENTIALS_* / AWS_CONTAINER_AUTHORIZATION_TOKEN*, plus the endpoint's variables. No key of any
 * kind is in it: SDKs fetch (and refresh) credentials from the endpoint themselves. Pure.
 */
export function endpointChildEnv(
  env: Readonly<Record<string, string | undefined>>,
  endpoint: Readonly<Record<string, string>>,
): Record<string, string> {
  return { ...scrubbedAwsEnv(env), ...endpoint };
}

/**
 * Runs `command` (no shell) with {@link endpointChildEnv}, through the same runner as `exec` (signals forwarded,
 * exit code passed through, 128+N when killed by signal N).
 */
export function runWithEndpoint(options: RunWithEndpointOptions): Promise<number> {
  return runCommand({
    command: options.command,
    args: options.args,
    env: endpointChildEnv(options.env, options.endpoint),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
}
