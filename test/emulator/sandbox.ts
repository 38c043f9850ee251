import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EmulatorEndpoint } from "./emulator-client.js";

/** An isolated HOME and AWS/Docker/crossrole configuration for a child process. */
export interface Sandbox {
  /** The temp directory holding everything below. */
  readonly dir: string;
  readonly home: string;
  /** `$HOME/.aws/config` (empty at first). */
  readonly configFile: string;
  /** `$HOME/.aws/credentials` (empty at first). */
  readonly credentialsFile: string;
  /** Environment for child processes: the parent's, minus every AWS_* variable, plus the sandbox's. */
  readonly env: Record<string, string>;
  /** Remove the directory. */
  cleanup(): Promise<void>;
}

/** Options of {@link createSandbox}. */
export interface SandboxOptions {
  /** AWS_REGION and AWS_DEFAULT_REGION (default us-east-1). */
  region?: string;
  /** Extra variables, applied last. */
  env?: Record<string, string>;
}

/**
 * A fresh temp directory with its own HOME, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, DOCKER_CONFIG,
 * CROSSROLE_CACHE_DIR and XDG dirs, and AWS_ENDPOINT_URL pointing at the emulator (the one setting that also
 * reaches the nested STS client of assume-role profiles in the aws CLI, boto3 and the JS SDK). No AWS_* variable
 * of the parent (AWS_PROFILE, keys, ...) leaks in.
 */
export async function createSandbox(
  emulator: EmulatorEndpoint,
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), "crossrole-sandbox-"));
  const home = join(dir, "home");
  const awsDir = join(home, ".aws");
  const configFile = join(awsDir, "config");
  const credentialsFile = join(awsDir, "credentials");
  const dirs = {
    DOCKER_CONFIG: join(home, ".docker"),
    CROSSROLE_CACHE_DIR: join(dir, "crossrole-cache"),
    XDG_CACHE_HOME: join(home, ".cache"),
    XDG_CONFIG_HOME: join(home, ".config"),
  };
  for (const path of [awsDir, ...Object.values(dirs)]) await mkdir(path, { recursive: true });
  await writeFile(configFile, "");
  await writeFile(credentialsFile, "");

  const region = options.region ?? "us-east-1";
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith("AWS_") && !name.startsWith("CROSSROLE_")) env[name] = value;
  }
  Object.assign(env, dirs, {
    HOME: home,
    USERPROFILE: home,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EC2_METADATA_DISABLED: "true",
    ...options.env,
  });

  return {
    dir,
    home,
    configFile,
    credentialsFile,
    env,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
