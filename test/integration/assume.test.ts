import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runAssume } from "../../src/cli/commands/assume.js";
import { BUILD, TARGET } from "../emulator/accounts.js";
import { resolveAwsCli, runAwsCli } from "../emulator/real-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createUserWithKey } from "../emulator/world.js";
import { runProcess } from "../support/run-process.js";
import {
  type AssumeWorld,
  cliPath,
  createAssumeWorld,
  EXTERNAL_ID,
  expectNoSecrets,
  REGION,
  ROLE_ARN,
  runCrossrole,
} from "./assume-world.js";

const emulator = useEmulator({ reset: "test" });

let world: AssumeWorld;
beforeEach(async () => {
  world = await createAssumeWorld(emulator);
});
afterEach(async () => {
  await world.sandbox.cleanup();
});

const SESSION = "it-session-1";
const ASSUMED_ARN = `arn:aws:sts::${TARGET}:assumed-role/deploy/${SESSION}`;

function assume(args: string[], env: Record<string, string> = world.env) {
  return runCrossrole(["assume", ...args], { env, cwd: world.sandbox.dir });
}

/** `sh -c SCRIPT` with the world's env; `$CROSSROLE` and `$AWS` name the two programs. */
async function sh(script: string, env: Record<string, string> = world.env) {
  const aws = (await resolveAwsCli()).map((a) => `'${a}'`).join(" ");
  const { spawn } = await import("node:child_process");
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn("sh", ["-c", script], {
      env: { ...env, CROSSROLE: `'${process.execPath}' '${cliPath}'`, AWS: aws },
      cwd: world.sandbox.dir,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

function buildSecrets(): string[] {
  return [world.user.secretAccessKey];
}

async function sessionSecrets(): Promise<string[]> {
  const run = await assume(["deploy", "--session-name", SESSION, "--format", "json"]);
  const json = JSON.parse(run.stdout) as { SecretAccessKey: string; SessionToken: string };
  return [json.SecretAccessKey, json.SessionToken];
}

describe("crossrole assume (emulator, enforcement on)", () => {
  it('eval "$(crossrole assume deploy --format sh)" makes the aws CLI act as the role', async () => {
    const run = await sh(
      `eval "$(eval "$CROSSROLE" assume deploy --session-name ${SESSION} --format sh)" && eval "$AWS" sts get-caller-identity`,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ Arn: ASSUMED_ARN, Account: TARGET });
    const [session, ...more] = await emulator.sessions();
    expect(more).toEqual([]);
    expect(session).toMatchObject({ roleArn: ROLE_ARN, externalId: EXTERNAL_ID, sessionName: SESSION });
  });

  it("sh output sets AWS_REGION to the spec's region, not the ambient one", async () => {
    const run = await sh(
      `eval "$(eval "$CROSSROLE" assume deploy --format sh)" && echo "$AWS_REGION $AWS_DEFAULT_REGION"`,
    );
    expect(run.stdout.trim()).toBe(`${REGION} ${REGION}`);
  });

  it("dotenv: set -a; . file; the aws CLI acts as the role", async () => {
    const run = await sh(
      `eval "$CROSSROLE" assume deploy --session-name ${SESSION} --format dotenv > creds.env && set -a && . ./creds.env && set +a && eval "$AWS" sts get-caller-identity`,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).Arn).toBe(ASSUMED_ARN);
  });

  it("json: the STS Credentials shape works for the aws CLI", async () => {
    const run = await assume(["deploy", "--session-name", SESSION, "--format", "json"]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, string>;
    expect(json).toMatchObject({ Region: REGION });
    expect(Date.parse(json.Expiration ?? "")).toBeGreaterThan(Date.now() + 3000_000);
    const env = { ...world.sandbox.env };
    Object.assign(env, {
      AWS_ACCESS_KEY_ID: json.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: json.SecretAccessKey,
      AWS_SESSION_TOKEN: json.SessionToken,
    });
    const who = await runAwsCli(["sts", "get-caller-identity"], { env });
    expect(JSON.parse(who.stdout).Arn).toBe(ASSUMED_ARN);
    expectNoSecrets({ stdout: run.stdout, stderr: run.stderr }, buildSecrets());
  });

  it("ad hoc --role-arn --external-id --region", async () => {
    const run = await assume([
      "--role-arn",
      ROLE_ARN,
      "--external-id",
      EXTERNAL_ID,
      "--region",
      "eu-central-1",
      "--session-name",
      SESSION,
      "--format",
      "json",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).Region).toBe("eu-central-1");
    expect((await emulator.sessions())[0]?.externalId).toBe(EXTERNAL_ID);
  });

  it("session tags and a session name from CI metadata reach STS", async () => {
    const env = { ...world.env, CI_PROJECT_PATH: "group/app", CI_JOB_ID: "4242" };
    const run = await assume(["deploy", "--tag", "team=platform", "--format", "json"], env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect((await emulator.sessions())[0]?.sessionName).toBe("group-app-4242");
  });

  it("wrong ExternalId: exit 3, the three causes, which can be told apart, no secret", async () => {
    const run = await assume([
      "--role-arn",
      ROLE_ARN,
      "--external-id",
      "wrong-external-id",
      "--region",
      REGION,
    ]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`access denied: ${world.user.arn} may not assume ${ROLE_ARN}`);
    expect(run.stderr).toContain("1. BUILD grant missing");
    expect(run.stderr).toContain("2. trust principal mismatch");
    expect(run.stderr).toContain('3. ExternalId mismatch: the ExternalId sent (ending "l-id")');
    expect(run.stderr).toContain(`Told apart: you are ${world.user.arn}`);
    expect(run.stderr).toMatch(/next: /);
    expectNoSecrets(run, buildSecrets());
    expect(await emulator.sessions()).toEqual([]);
  });

  it("the wrong BUILD identity: the message says so (caller vs the spec's principal)", async () => {
    await emulator.setAuthEnforcement(false);
    const other = await createUserWithKey(emulator, BUILD, "intruder", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }],
    });
    await emulator.setAuthEnforcement(true);
    const env = {
      ...world.env,
      AWS_ACCESS_KEY_ID: other.accessKeyId,
      AWS_SECRET_ACCESS_KEY: other.secretAccessKey,
    };
    const run = await assume(["deploy"], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `you are ${other.arn}, but the spec's BUILD principal is arn:aws:iam::${BUILD}:user/ci: you are running as the wrong identity`,
    );
    expectNoSecrets(run, [other.secretAccessKey]);
  });

  it("missing source credentials: exit 3 with the next step", async () => {
    const run = await assume(["deploy", "--no-cache"], world.sandbox.env);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/no AWS credentials found for sts:AssumeRole/);
    expect(run.stderr).toMatch(/next: .*AWS_PROFILE, pass the command's profile option \(see its --help\)/);
  });

  it("invalid source keys: exit 3", async () => {
    const env = { ...world.env, AWS_ACCESS_KEY_ID: "AKIANOTAREALKEY00000", AWS_SECRET_ACCESS_KEY: "nope" };
    const run = await assume(["deploy"], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/crossrole: /);
    expectNoSecrets(run, ["nope"]);
  });

  it("--source-profile picks the source credentials from the shared files", async () => {
    await writeFile(
      world.sandbox.credentialsFile,
      `[build]\naws_access_key_id = ${world.user.accessKeyId}\naws_secret_access_key = ${world.user.secretAccessKey}\n`,
    );
    const run = await assume(["deploy", "--source-profile", "build", "--format", "json"], world.sandbox.env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it("missing region (ad hoc): exit 2, before any AWS call", async () => {
    const env = { ...world.env };
    delete env.AWS_REGION;
    delete env.AWS_DEFAULT_REGION;
    const run = await assume(["--role-arn", ROLE_ARN, "--external-id", EXTERNAL_ID], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no AWS region is set[\s\S]*next: Pass --region/);
    expect(await emulator.sessions()).toEqual([]);
  });

  it("unreachable endpoint: exit 5 naming the endpoint", async () => {
    const run = await assume(["deploy", "--no-cache", "--endpoint-url", "http://127.0.0.1:9"]);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/cannot reach AWS for sts:AssumeRole at http:\/\/127\.0\.0\.1:9/);
    expectNoSecrets(run, buildSecrets());
  });

  it.each([
    [["deploy", "--duration", "600"], /900\.\.43200/],
    [["deploy", "--duration", "9000"], /exceeds the role's MaxSessionDuration \(7200/],
    [["deploy", "--session-name", "has space"], /invalid session name/],
    [["deploy", "--source-identity", "aws:x"], /must not start with "aws:"/],
    [["deploy", "--tag", "aws:k=v"], /reserved/],
    [["--role-arn", "arn:aws:iam::1:role/x", "--region", REGION], /not an IAM role ARN/],
    [["--role-arn", ROLE_ARN, "--external-id", "bad id!", "--region", REGION], /ExternalId is invalid/],
    [["nosuch"], /no target named "nosuch"/],
    [["deploy", "--format", "yaml"], /unknown --format/],
  ])("invalid input %j: exit 2, no AWS call", async (args, message) => {
    const run = await assume(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(await emulator.sessions()).toEqual([]);
  });

  it("github-env: appends to $GITHUB_ENV, prints only ::add-mask:: lines; unset → exit 5", async () => {
    const file = join(world.sandbox.dir, "github_env");
    await writeFile(file, "EXISTING=1\n");
    const run = await assume(["deploy", "--format", "github-env"], { ...world.env, GITHUB_ENV: file });
    expect(run.code).toBe(0);
    const written = await readFile(file, "utf8");
    expect(written).toMatch(/^EXISTING=1\nAWS_ACCESS_KEY_ID=ASIA/);
    expect(written).toMatch(/AWS_REGION=eu-west-1/);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^::add-mask::/);
    expect(run.stderr).not.toMatch(/SECRET|TOKEN=/);

    const unset = await assume(["deploy", "--format", "github-env"]);
    expect(unset.code).toBe(5);
    expect(unset.stderr).toMatch(/GITHUB_ENV/);
  });

  it("on a terminal: a summary without secrets (cache hit, in-process)", async () => {
    const secrets = await sessionSecrets();
    let out = "";
    let err = "";
    const code = await runAssume(["deploy", "--session-name", SESSION, "-c", world.specPath], {
      env: world.env,
      cwd: world.sandbox.dir,
      stdout: { write: (t: string) => (out += t), isTTY: true },
      stderr: { write: (t: string) => (err += t) },
      stdinIsTTY: true,
    });
    expect(code).toBe(0);
    expect(out).toContain(`Assumed ${ROLE_ARN} (target deploy)`);
    expect(out).toContain(`identity  ${ASSUMED_ARN}`);
    expect(out).toContain("from the cache");
    expect(out).toContain('eval "$(crossrole assume deploy --session-name it-session-1 -c');
    expectNoSecrets({ stdout: out, stderr: err }, [...secrets, world.user.secretAccessKey]);
  });

  it("a cold assume, by the full CLI and by the CommonJS fast path, prints no AWS SDK Node-version warning", async () => {
    // The control: on this Node, does an SDK client built without crossrole warn? (Node < 22 in the SDK's rule.)
    const bare = await runProcess(
      process.execPath,
      ["--input-type=module", "-e", 'import { STSClient } from "@aws-sdk/client-sts"; new STSClient({});'],
      { env: { PATH: process.env.PATH ?? "" }, cwd: resolve(import.meta.dirname, "../..") },
    );
    expect(bare.code, bare.stderr).toBe(0);
    const sdkWarnsHere = Number(process.versions.node.split(".")[0]) < 22;
    expect(bare.stderr.includes("NodeVersionSupportWarning"), bare.stderr).toBe(sdkWarnsHere);
    // A cache miss parses the spec (the ES-module CLI); --no-cache then assumes the now known target on the
    // CommonJS fast path (chunks/sts-adapter.cjs, its own copy of the SDK).
    const full = await assume(["deploy", "--format", "json"]);
    const fast = await assume(["deploy", "--format", "json", "--no-cache"]);
    expect(await emulator.sessions()).toHaveLength(2);
    for (const run of [full, fast]) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toContain("NodeVersionSupportWarning");
      expect(run.stderr).toBe("");
    }
  });
});
