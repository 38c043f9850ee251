// Shared by profile.test.ts and configure.test.ts: run the built CLI, and ask the three real clients (aws CLI v1,
// boto3, JS SDK v3) who they are with a given profile, exactly as users would, without any change to the files.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromIni } from "@aws-sdk/credential-provider-ini";
import { type ProcessResult, runAwsCli, runBoto3 } from "../emulator/real-clients.js";
import type { Sandbox } from "../emulator/sandbox.js";
import { runProcess } from "../support/run-process.js";
import { cliPath } from "./assume-world.js";

/** Runs `node dist/crossrole.cjs ARGS` with exactly `env`. */
export function runCrossrole(
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<ProcessResult> {
  return runProcess(process.execPath, [cliPath, ...args], { env, cwd, ignoreStdin: true });
}

/** The caller ARN each real client reports for `profile` (undefined: the client's default profile). */
export interface ClientIdentities {
  awsCli: string;
  boto3: string;
  jsSdk: string;
}

/**
 * Asks the aws CLI v1, boto3 and the JS SDK v3 (`fromIni`) for their identity with `profile`, in `env`. The aws CLI's
 * assume-role cache is emptied first, so every client really calls AssumeRole. `jsEnv` is put in process.env while
 * the JS SDK resolves (fromIni's credential_source = Environment reads the process's own environment).
 */
export async function identitiesOf(
  sandbox: Sandbox,
  env: Record<string, string>,
  profile: string | undefined,
  endpoint: string,
): Promise<ClientIdentities> {
  await rm(join(sandbox.home, ".aws", "cli", "cache"), { recursive: true, force: true });
  const cliArgs = [
    "sts",
    "get-caller-identity",
    "--output",
    "json",
    ...(profile === undefined ? [] : ["--profile", profile]),
  ];
  const cli = await runAwsCli(cliArgs, { env });
  if (cli.code !== 0) throw new Error(`aws CLI failed: ${cli.stderr}`);
  const session =
    profile === undefined ? "boto3.Session()" : `boto3.Session(profile_name=${JSON.stringify(profile)})`;
  const py = await runBoto3(`import boto3\nprint(${session}.client("sts").get_caller_identity()["Arn"])`, {
    env,
  });
  if (py.code !== 0) throw new Error(`boto3 failed: ${py.stderr}`);
  return {
    awsCli: (JSON.parse(cli.stdout) as { Arn: string }).Arn,
    boto3: py.stdout.trim(),
    jsSdk: await jsIdentity(sandbox, env, profile ?? "default", endpoint),
  };
}

// --- internal ---

async function jsIdentity(
  sandbox: Sandbox,
  env: Record<string, string>,
  profile: string,
  endpoint: string,
): Promise<string> {
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  const restore = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  restore("AWS_ACCESS_KEY_ID", env.AWS_ACCESS_KEY_ID);
  restore("AWS_SECRET_ACCESS_KEY", env.AWS_SECRET_ACCESS_KEY);
  const sts = new STSClient({
    endpoint,
    region: "us-east-1",
    maxAttempts: 1,
    credentials: fromIni({
      profile,
      filepath: sandbox.credentialsFile,
      configFilepath: sandbox.configFile,
      ignoreCache: true,
      clientConfig: { endpoint, region: "us-east-1" },
    }),
  });
  try {
    const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
    return Arn ?? "";
  } finally {
    sts.destroy();
    restore("AWS_ACCESS_KEY_ID", saved.id);
    restore("AWS_SECRET_ACCESS_KEY", saved.secret);
  }
}
