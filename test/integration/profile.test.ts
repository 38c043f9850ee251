// `crossrole profile` end to end: the built CLI writes a profile into a sandboxed HOME, then the aws CLI v1, boto3
// and the JS SDK v3 use it UNMODIFIED against the emulator (which judges the trust policy and ExternalId).
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findProfileSection } from "../../src/outputs/ini/aws-profile-section.js";
import { parseIni } from "../../src/outputs/ini/parse-ini.js";
import { runAwsCli } from "../emulator/real-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { type AssumeWorld, createAssumeWorld, EXTERNAL_ID, ROLE_ARN } from "./assume-world.js";
import { identitiesOf, runCrossrole } from "./profile-clients.js";

const emulator = useEmulator();
let world: AssumeWorld;
/** Everything crossrole printed in this file: checked for secrets at the end. */
const outputs: string[] = [];

beforeAll(async () => {
  world = await createAssumeWorld(emulator);
  // The user's own files: a profile holding the BUILD keys, comments, CRLF-free odd spacing.
  await writeFile(
    world.sandbox.configFile,
    "# my config\n[default]\nregion=us-east-1\n\n[profile  other]\noutput = json\n",
  );
  await writeFile(
    world.sandbox.credentialsFile,
    `; BUILD user\n[build]\naws_access_key_id = ${world.user.accessKeyId}\naws_secret_access_key = ${world.user.secretAccessKey}\n`,
  );
});
afterAll(async () => {
  const all = outputs.join("\n");
  expect(all).not.toContain(world.user.secretAccessKey);
  await world.sandbox.cleanup();
});

async function crossrole(args: string[], env = world.sandbox.env) {
  const result = await runCrossrole(args, env, world.sandbox.dir);
  outputs.push(result.stdout, result.stderr);
  return result;
}

const ASSUMED = /^arn:aws:sts::111111111111:assumed-role\/deploy\/[\w+=,.@-]{2,64}$/;

/** Runs the three clients and checks the emulator saw only AssumeRole calls for the role with the ExternalId. */
async function expectAllClientsAssume(
  profile: string | undefined,
  env: Record<string, string>,
  sessionName?: string,
) {
  const before = (await emulator.sessions()).length;
  const ids = await identitiesOf(world.sandbox, env, profile, emulator.endpoint);
  for (const arn of Object.values(ids)) {
    expect(arn).toMatch(ASSUMED);
    if (sessionName !== undefined) expect(arn.endsWith(`/${sessionName}`)).toBe(true);
  }
  const fresh = (await emulator.sessions()).slice(before);
  expect(fresh.length).toBeGreaterThanOrEqual(3);
  for (const s of fresh)
    expect({ roleArn: s.roleArn, externalId: s.externalId }).toEqual({
      roleArn: ROLE_ARN,
      externalId: EXTERNAL_ID,
    });
  return ids;
}

describe("crossrole profile (emulator, real clients)", () => {
  it("TARGET --source-profile: works unmodified in the aws CLI, boto3 and the JS SDK; other lines kept", async () => {
    const original = await readFile(world.sandbox.configFile, "utf8");
    const run = await crossrole(["profile", "deploy", "-c", world.specPath, "--source-profile", "build"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("wrote [profile deploy]");
    const text = await readFile(world.sandbox.configFile, "utf8");
    expect(text.startsWith(`${original}\n# managed by crossrole (target deploy)`)).toBe(true);
    expect((await stat(world.sandbox.configFile)).mode & 0o777).toBe(0o600);
    await expectAllClientsAssume("deploy", world.sandbox.env);
  });

  it("--source-from-env: the keys come from the environment into [NAME-source]; a session name is honoured", async () => {
    const run = await crossrole(
      [
        "profile",
        "deploy",
        "-c",
        world.specPath,
        "--source-from-env",
        "--name",
        "fromenv",
        "--session-name",
        "ci-job-42",
        "--duration",
        "900",
      ],
      world.env,
    );
    expect(run.code).toBe(0);
    const creds = await readFile(world.sandbox.credentialsFile, "utf8");
    expect(creds).toContain("[fromenv-source]\n");
    // Clients run without the keys in their environment: the files alone must do.
    await expectAllClientsAssume("fromenv", world.sandbox.env, "ci-job-42");
  });

  it("--source-profile NAME-source after --source-from-env keeps [NAME-source]: the aws CLI still assumes", async () => {
    const run = await crossrole([
      "profile",
      "deploy",
      "-c",
      world.specPath,
      "--source-profile",
      "fromenv-source",
      "--name",
      "fromenv",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(await readFile(world.sandbox.credentialsFile, "utf8")).toContain("[fromenv-source]\n");
    const cli = await runAwsCli(["sts", "get-caller-identity", "--profile", "fromenv"], {
      env: world.sandbox.env,
    });
    expect(cli.stderr).toBe("");
    expect(JSON.parse(cli.stdout).Arn).toMatch(ASSUMED);
  });

  it("a --source-profile that exists nowhere is refused (exit 2) naming both files, and nothing is written", async () => {
    const before = await readFile(world.sandbox.configFile, "utf8");
    const run = await crossrole(["profile", "deploy", "-c", world.specPath, "--source-profile", "nosuch"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(world.sandbox.configFile);
    expect(run.stderr).toContain(world.sandbox.credentialsFile);
    expect(await readFile(world.sandbox.configFile, "utf8")).toBe(before);
  });

  it("--credential-source Environment: the clients take the BUILD keys from their own environment", async () => {
    const run = await crossrole([
      "profile",
      "deploy",
      "-c",
      world.specPath,
      "--credential-source",
      "Environment",
      "--name",
      "envsrc",
    ]);
    expect(run.code).toBe(0);
    await expectAllClientsAssume("envsrc", world.env);
  });

  it("ad hoc --role-arn with --name default: the clients' default profile assumes the role", async () => {
    const run = await crossrole([
      "profile",
      "--role-arn",
      ROLE_ARN,
      "--external-id",
      EXTERNAL_ID,
      "--region",
      "eu-west-1",
      "--source-profile",
      "build",
      "--name",
      "default",
    ]);
    // [default] exists and is the user's: refused without --force, nothing changed.
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("[default] in");
    expect(run.stderr).toContain("--force");
    const forced = await crossrole([
      "profile",
      "--role-arn",
      ROLE_ARN,
      "--external-id",
      EXTERNAL_ID,
      "--region",
      "eu-west-1",
      "--source-profile",
      "build",
      "--name",
      "default",
      "--force",
    ]);
    expect(forced.code).toBe(0);
    await expectAllClientsAssume(undefined, world.sandbox.env);
  });

  it("the ExternalId matters: a profile with a wrong one is refused by the emulator", async () => {
    const run = await crossrole([
      "profile",
      "--role-arn",
      ROLE_ARN,
      "--external-id",
      "wrong-id",
      "--source-profile",
      "build",
      "--name",
      "wrong",
    ]);
    expect(run.code).toBe(0);
    const cli = await runAwsCli(["sts", "get-caller-identity", "--profile", "wrong"], {
      env: world.sandbox.env,
    });
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toMatch(/AccessDenied/);
  });

  it("--remove deletes crossrole's sections (and their source keys) and nothing else", async () => {
    for (const name of ["deploy", "fromenv", "envsrc", "wrong"]) {
      const run = await crossrole(["profile", "--name", name, "--remove"]);
      expect(run.code).toBe(0);
    }
    const config = await readFile(world.sandbox.configFile, "utf8");
    expect(config).not.toMatch(/\[profile (deploy|fromenv|envsrc|wrong)\]/);
    expect(config.startsWith("# my config\n")).toBe(true);
    expect(config).toContain("[profile  other]\noutput = json\n");
    const creds = await readFile(world.sandbox.credentialsFile, "utf8");
    expect(creds).not.toContain("fromenv-source");
    expect(creds.startsWith("; BUILD user\n[build]\n")).toBe(true);
    const refused = await crossrole(["profile", "--name", "other", "--remove"]);
    expect(refused.code).toBe(2);
    expect(await readFile(world.sandbox.configFile, "utf8")).toBe(config);
  });

  it("never shows a secret, also on error paths", async () => {
    const secret = world.user.secretAccessKey;
    const token = "FwoGZXIvYXdzEXAMPLEsessionTOKEN+/=";
    const bad = await crossrole(
      ["profile", "deploy", "-c", world.specPath, "--source-from-env", "--name", "bad"],
      {
        ...world.env,
        AWS_SECRET_ACCESS_KEY: `${secret}\n[evil]`,
      },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("AWS_SECRET_ACCESS_KEY");
    const temp = await crossrole(
      ["profile", "deploy", "-c", world.specPath, "--source-from-env", "--name", "temp"],
      {
        ...world.env,
        AWS_SESSION_TOKEN: token,
      },
    );
    expect(temp.code).toBe(0);
    expect(temp.stderr).toContain("temporary");
    for (const out of [bad.stdout, bad.stderr, temp.stdout, temp.stderr]) {
      expect(out).not.toContain(secret);
      expect(out).not.toContain(token);
    }
  });

  it("20 concurrent crossrole processes writing different profiles to one file: none lost", async () => {
    const names = Array.from({ length: 20 }, (_, i) => `par${i}`);
    const runs = await Promise.all(
      names.map((name) =>
        crossrole([
          "profile",
          "--role-arn",
          ROLE_ARN,
          "--external-id",
          EXTERNAL_ID,
          "--credential-source",
          "Environment",
          "--name",
          name,
        ]),
      ),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const doc = parseIni(await readFile(world.sandbox.configFile, "utf8"));
    for (const name of names) expect(findProfileSection(doc, name, "config", "config"), name).toBeDefined();
    expect(
      (await readdir(`${world.sandbox.home}/.aws`)).filter((f) => f.endsWith(".lock") || f.endsWith(".tmp")),
    ).toEqual([]);
    await expectAllClientsAssume("par7", world.env);
  });
});
