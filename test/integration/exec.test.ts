import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TARGET } from "../emulator/accounts.js";
import { resolveAwsCli } from "../emulator/real-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import {
  type AssumeWorld,
  cliPath,
  createAssumeWorld,
  expectNoSecrets,
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

function exec(args: string[], env: Record<string, string> = world.env) {
  return runCrossrole(["exec", ...args], { env, cwd: world.sandbox.dir });
}

const node = process.execPath;

describe("crossrole exec (emulator, enforcement on)", () => {
  it("runs the aws CLI as the role; prints no secret", async () => {
    const aws = await resolveAwsCli();
    const run = await exec([
      "deploy",
      "--session-name",
      "exec-1",
      "--",
      ...aws,
      "sts",
      "get-caller-identity",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).Arn).toBe(`arn:aws:sts::${TARGET}:assumed-role/deploy/exec-1`);
    expectNoSecrets(run, [world.user.secretAccessKey]);
  });

  it("gives the child the role's env: region set, competing sources scrubbed", async () => {
    const env = {
      ...world.env,
      AWS_PROFILE: "ghost",
      AWS_SECURITY_TOKEN: "stale",
      AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.2/creds",
      AWS_WEB_IDENTITY_TOKEN_FILE: "/nonexistent",
      AWS_ROLE_ARN: "arn:aws:iam::222222222222:role/x",
    };
    const script = `const e = process.env; console.log(JSON.stringify({
      profile: e.AWS_PROFILE ?? null, sec: e.AWS_SECURITY_TOKEN ?? null, uri: e.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? null,
      wit: e.AWS_WEB_IDENTITY_TOKEN_FILE ?? null, role: e.AWS_ROLE_ARN ?? null, region: e.AWS_REGION, dregion: e.AWS_DEFAULT_REGION,
      keyIsSession: e.AWS_ACCESS_KEY_ID !== ${JSON.stringify(world.user.accessKeyId)}, token: typeof e.AWS_SESSION_TOKEN,
      exp: e.AWS_CREDENTIAL_EXPIRATION, endpoint: e.AWS_ENDPOINT_URL }))`;
    // The competing variables would also steer crossrole's own source credentials (the SDK's default chain), so
    // the source is named explicitly; the BUILD keys stay in env too and must not reach the child.
    await writeFile(
      world.sandbox.credentialsFile,
      `[build]\naws_access_key_id = ${world.user.accessKeyId}\naws_secret_access_key = ${world.user.secretAccessKey}\n`,
    );
    const run = await exec(["deploy", "--source-profile", "build", "--", node, "-e", script], env);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      profile: null,
      sec: null,
      uri: null,
      wit: null,
      role: null,
      region: "eu-west-1",
      dregion: "eu-west-1",
      keyIsSession: true,
      token: "string",
      exp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      endpoint: world.env.AWS_ENDPOINT_URL,
    });
  });

  it("passes the exit code through (7 → 7)", async () => {
    const run = await exec(["deploy", "--", node, "-e", "process.exit(7)"]);
    expect(run.code).toBe(7);
  });

  it("a child killed by SIGTERM → 143", async () => {
    const run = await exec([
      "deploy",
      "--",
      node,
      "-e",
      "process.kill(process.pid, 'SIGTERM'); setTimeout(() => {}, 9000)",
    ]);
    expect(run.code).toBe(143);
  });

  it.each(["SIGTERM", "SIGINT", "SIGHUP"] as const)("forwards %s to the child", async (signal) => {
    // Populate the cache first so the timed run is quick.
    await exec(["deploy", "--", node, "-e", "0"]);
    const child = spawn(
      node,
      [
        cliPath,
        "exec",
        "deploy",
        "--",
        node,
        "-e",
        `process.on('${signal}', () => { console.log('child got ${signal}'); process.exit(42); }); console.log('ready'); setInterval(() => {}, 1000);`,
      ],
      { env: world.env, cwd: world.sandbox.dir },
    );
    let stdout = "";
    const ready = new Promise<void>((done) => {
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes("ready")) done();
      });
    });
    await ready;
    child.kill(signal);
    const code = await new Promise<number | null>((done) => child.on("close", (c) => done(c)));
    expect(stdout).toContain(`child got ${signal}`);
    expect(code).toBe(42);
  });

  it("command not found: exit 127 (as shells), clear message", async () => {
    const run = await exec(["deploy", "--", "no-such-command-xyz", "arg"]);
    expect(run.code).toBe(127);
    expect(run.stderr).toContain("crossrole: command not found: no-such-command-xyz");
    const served = await exec(["deploy", "--serve", "--", "no-such-command-xyz"]);
    expect(served.code, served.stderr).toBe(127);
  });

  it("command not executable: exit 126 (as shells), clear message", async () => {
    const script = join(await mkdtemp(join(tmpdir(), "crossrole-noexec-")), "not-executable.sh");
    await writeFile(script, "#!/bin/sh\necho ran\n", { mode: 0o644 });
    const run = await exec(["deploy", "--", script]);
    expect(run.code, run.stderr).toBe(126);
    expect(run.stderr).toContain(`crossrole: command not executable: ${script}`);
    expect(run.stdout).not.toContain("ran");
  });

  it("no command: exit 2", async () => {
    const run = await exec(["deploy"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no command given/);
  });

  it("AccessDenied: exit 3 and the command does not run", async () => {
    const run = await exec([
      "--role-arn",
      "arn:aws:iam::111111111111:role/nope",
      "--region",
      "eu-west-1",
      "--",
      node,
      "-e",
      "console.log('RAN')",
    ]);
    expect(run.code).toBe(3);
    expect(run.stdout).not.toContain("RAN");
    expectNoSecrets(run, [world.user.secretAccessKey]);
  });
});
