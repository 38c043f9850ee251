import { afterEach, describe, expect, it } from "vitest";
import { allow, BUILD, policy, TARGET } from "./accounts.js";
import { runAwsCli, runBoto3 } from "./real-clients.js";
import { createSandbox, type Sandbox } from "./sandbox.js";
import { useEmulator } from "./use-emulator.js";
import { createRole, createUserWithKey } from "./world.js";

const emulator = useEmulator({ reset: "test" });

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.cleanup();
  sandbox = undefined;
});

describe("real clients in a sandbox", () => {
  it("the sandbox isolates HOME and AWS settings and points AWS_ENDPOINT_URL at the emulator", async () => {
    const previous = process.env.AWS_PROFILE;
    process.env.AWS_PROFILE = "leaked-profile";
    try {
      sandbox = await createSandbox(emulator, { region: "eu-central-1" });
    } finally {
      if (previous === undefined) delete process.env.AWS_PROFILE;
      else process.env.AWS_PROFILE = previous;
    }
    const { env, home } = sandbox;
    expect(env.AWS_PROFILE).toBeUndefined();
    expect(env).toMatchObject({
      HOME: home,
      AWS_ENDPOINT_URL: emulator.endpoint,
      AWS_REGION: "eu-central-1",
      AWS_DEFAULT_REGION: "eu-central-1",
      AWS_CONFIG_FILE: sandbox.configFile,
      AWS_SHARED_CREDENTIALS_FILE: sandbox.credentialsFile,
    });
    for (const name of ["DOCKER_CONFIG", "CROSSROLE_CACHE_DIR", "XDG_CACHE_HOME"]) {
      expect(env[name]?.startsWith(sandbox.dir)).toBe(true);
    }
  });

  it("aws CLI v1: get-caller-identity with env keys; an assume-role profile with external_id", async () => {
    const ci = await createUserWithKey(emulator, BUILD, "ci", policy(allow("sts:AssumeRole")));
    await createRole(emulator, TARGET, {
      name: "deploy",
      trustPolicy: policy({
        Effect: "Allow",
        Principal: { AWS: ci.arn },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": "cli-ext-1" } },
      }),
    });
    await emulator.setAuthEnforcement(true);
    sandbox = await createSandbox(emulator);
    const withKeys = {
      ...sandbox.env,
      AWS_ACCESS_KEY_ID: ci.accessKeyId,
      AWS_SECRET_ACCESS_KEY: ci.secretAccessKey,
    };
    const direct = await runAwsCli(["sts", "get-caller-identity", "--output", "json"], { env: withKeys });
    expect(direct.stderr).toBe("");
    expect(JSON.parse(direct.stdout)).toMatchObject({ Arn: ci.arn, Account: BUILD });

    const { writeFile } = await import("node:fs/promises");
    await writeFile(
      sandbox.credentialsFile,
      `[build]\naws_access_key_id = ${ci.accessKeyId}\naws_secret_access_key = ${ci.secretAccessKey}\n`,
    );
    const profile = (externalId: string) =>
      `[profile target]\nrole_arn = arn:aws:iam::${TARGET}:role/deploy\nsource_profile = build\n` +
      `external_id = ${externalId}\nrole_session_name = cli-session\n`;
    await writeFile(sandbox.configFile, profile("cli-ext-1"));
    const assumed = await runAwsCli(["sts", "get-caller-identity", "--profile", "target"], {
      env: sandbox.env,
    });
    expect(JSON.parse(assumed.stdout)).toMatchObject({
      Arn: `arn:aws:sts::${TARGET}:assumed-role/deploy/cli-session`,
    });

    await writeFile(sandbox.configFile, profile("cli-ext-wrong").replace("cli-session", "cli-session-2"));
    const denied = await runAwsCli(["sts", "get-caller-identity", "--profile", "target"], {
      env: sandbox.env,
    });
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain("AccessDenied");
  });

  it("boto3: a script sees the sandbox environment and reaches the emulator", async () => {
    const ci = await createUserWithKey(emulator, BUILD, "ci");
    sandbox = await createSandbox(emulator);
    const source = [
      "import boto3, json, os",
      "print(json.dumps({'arn': boto3.client('sts').get_caller_identity()['Arn'], 'home': os.environ['HOME']}))",
    ].join("\n");
    const env = {
      ...sandbox.env,
      AWS_ACCESS_KEY_ID: ci.accessKeyId,
      AWS_SECRET_ACCESS_KEY: ci.secretAccessKey,
    };
    const result = await runBoto3(source, { env });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ arn: ci.arn, home: sandbox.home });

    const failing = await runBoto3("import sys; sys.exit(7)", { env });
    expect(failing.code).toBe(7);
  });
});
