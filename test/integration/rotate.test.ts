import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CreateAccessKeyCommand, ListAccessKeysCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUILD, TARGET } from "../emulator/accounts.js";
import {
  assumeRoleAs,
  awsErrorOf,
  type Credentials,
  stsAs,
  userCredentials,
} from "../emulator/caller-clients.js";
import { runAwsCli } from "../emulator/real-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createUserWithKey, type UserWithKey } from "../emulator/world.js";
import { confirmationRefusal } from "../support/confirmation-refusal.js";
import { type AccessWorld, ADMIN_FLAGS, createAccessWorld, iamAs } from "./access-fixture.js";
import { expectNoSecrets } from "./assume-world.js";

const emulator = useEmulator({ reset: "test" });
let world: AccessWorld;
let ci: UserWithKey;
let specPath: string;

const ROLE_ARN = `arn:aws:iam::${TARGET}:role/OurThingBuildRole`;
const OLD = "Xq7Lm2Rz9Kp4Vt8Wn3Bc6Df1Gh5Jk0YaTe2Su7Qi";
const SPEC = `# crossrole access spec: kept by hand, comments matter
version: 1
region: us-east-1

build:
  account: "${BUILD}"
  principal: user/ci

targets:
  # the web app's registry
  ourthing:
    account: "${TARGET}"
    role: OurThingBuildRole
    externalId: ${OLD} # from crossrole init

    permissions:
      ecr:
        push: [ourthing/app]
`;

function asCi(user: Credentials = userCredentials(ci)): Record<string, string> {
  return { AWS_ACCESS_KEY_ID: user.accessKeyId, AWS_SECRET_ACCESS_KEY: user.secretAccessKey };
}

const assumeWith = (externalId: string, credentials: Credentials = userCredentials(ci)) =>
  assumeRoleAs(emulator, credentials, { RoleArn: ROLE_ARN, RoleSessionName: "it", ExternalId: externalId });

beforeEach(async () => {
  ci = await createUserWithKey(emulator, BUILD, "ci");
  world = await createAccessWorld(emulator);
  specPath = join(world.sandbox.dir, "crossrole.yaml");
  await writeFile(specPath, SPEC);
  const applied = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
});
afterEach(async () => {
  await world?.dispose();
});

describe("crossrole rotate external-id (built CLI, emulator with trust enforced)", () => {
  it("phase 1: both values work and the spec keeps its comments; --finish: only the new one", async () => {
    // A managed profile (crossrole profile) holding the old value: --finish must move it to the new one.
    await world.addProfile("ci", ci);
    const profile = await world.run(["profile", "ourthing", "--source-profile", "ci"]);
    expect(profile.code, profile.stdout + profile.stderr).toBe(0);
    const start = await world.run(
      ["rotate", "external-id", "ourthing", "--yes", "--target-profile", "target-admin"],
      {
        env: asCi(),
      },
    );
    expect(start.code, start.stdout + start.stderr).toBe(0);
    expect(start.iamWrites).toEqual(["UpdateAssumeRolePolicy"]);
    const rotating = await readFile(specPath, "utf8");
    const NEW = /externalId: \[([A-Za-z0-9]{40}), /.exec(rotating)?.[1] ?? "";
    expect(NEW).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(rotating).toBe(SPEC.replace(`externalId: ${OLD} #`, `externalId: [${NEW}, ${OLD}] #`));
    expect(start.stdout).toMatch(/started: ourthing/);
    expect(start.stdout).toMatch(new RegExp(`ok {4}ExternalId …${NEW.slice(-4)} works`));
    expect(start.stdout).toMatch(new RegExp(`ok {4}ExternalId …${OLD.slice(-4)} works`));
    await expect(assumeWith(NEW)).resolves.toBeDefined();
    await expect(assumeWith(OLD)).resolves.toBeDefined();
    expect(await awsErrorOf(assumeWith("crossrole-not-the-id"))).toMatchObject({ name: "AccessDenied" });

    // The spec is valid and in line with AWS: diff sees no drift; a second start is refused.
    const diff = await world.run(["diff", ...ADMIN_FLAGS]);
    expect(diff.code, diff.stdout + diff.stderr).toBe(0);
    const again = await world.run([
      "rotate",
      "external-id",
      "ourthing",
      "--yes",
      "--target-profile",
      "target-admin",
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already in a rotation window/);

    const finish = await world.run(
      ["rotate", "external-id", "ourthing", "--finish", "--yes", "--target-profile", "target-admin"],
      { env: asCi() },
    );
    expect(finish.code, finish.stdout + finish.stderr).toBe(0);
    expect(await readFile(specPath, "utf8")).toBe(
      SPEC.replace(`externalId: ${OLD} #`, `externalId: ${NEW} #`),
    );
    expect(finish.stdout).toMatch(new RegExp(`ok {4}ExternalId …${OLD.slice(-4)} is refused`));
    await expect(assumeWith(NEW)).resolves.toBeDefined();
    expect(await awsErrorOf(assumeWith(OLD))).toMatchObject({ name: "AccessDenied" });

    // The managed profile now holds the new value, and the aws CLI assumes with it; the places crossrole
    // cannot reach are listed.
    const config = await readFile(world.sandbox.configFile, "utf8");
    expect(config).toContain(`\nexternal_id = ${NEW}\n`);
    expect(config).not.toContain(OLD);
    expect(finish.stdout).toContain(
      `profiles: updated to the new ExternalId in ${world.sandbox.configFile}: ourthing.`,
    );
    expect(finish.stdout).toMatch(/cannot update the old ExternalId in[\s\S]*CI variables/);
    const before = (await emulator.sessions()).length;
    const cli = await runAwsCli(["sts", "get-caller-identity", "--profile", "ourthing"], {
      env: world.sandbox.env,
    });
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).Arn).toMatch(/:assumed-role\/OurThingBuildRole\//);
    const sessions = (await emulator.sessions()).slice(before);
    expect(sessions.map((s) => s.externalId)).toContain(NEW);
  });

  it("refuses without --yes when stdin is not a terminal, and --finish outside a rotation", async () => {
    const refused = await world.run([
      "rotate",
      "external-id",
      "ourthing",
      "--target-profile",
      "target-admin",
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.endsWith(confirmationRefusal("rotate external-id")), refused.stderr).toBe(true);
    expect(refused.iamWrites).toEqual([]);
    expect(await readFile(specPath, "utf8")).toBe(SPEC);
    const finish = await world.run(["rotate", "external-id", "ourthing", "--finish", "--yes"]);
    expect(finish.code).toBe(2);
    expect(finish.stderr).toMatch(/not in a rotation window/);
  });
});

describe("crossrole rotate build-key", () => {
  async function keysOfCi(): Promise<Array<{ id: string; status: string }>> {
    const iam = iamAs(emulator, world.buildAdmin);
    const { AccessKeyMetadata } = await iam.send(new ListAccessKeysCommand({ UserName: "ci" }));
    iam.destroy();
    return (AccessKeyMetadata ?? []).map((k) => ({ id: k.AccessKeyId ?? "", status: k.Status ?? "" }));
  }

  it("leaves exactly one working key: the new one (0600 file), proven against every target; the old one is gone", async () => {
    const run = await world.run(["rotate", "build-key", "--key-out", "ci-key.json", "--yes", ...ADMIN_FLAGS]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const file = join(world.sandbox.dir, "ci-key.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const key = JSON.parse(await readFile(file, "utf8")) as { AccessKeyId: string; SecretAccessKey: string };
    expectNoSecrets(run, [key.SecretAccessKey, ci.secretAccessKey]);
    expect(run.stdout).toMatch(/ok {4}ourthing {2}assumed with the new key/);
    expect(run.stdout).toMatch(new RegExp(`old key ${ci.accessKeyId}: deleted`));
    expect(await keysOfCi()).toEqual([{ id: key.AccessKeyId, status: "Active" }]);
    const fresh = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
    await expect(assumeWith(OLD, fresh)).resolves.toBeDefined();
    const sts = stsAs(emulator, userCredentials(ci));
    expect(await awsErrorOf(sts.send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: "InvalidClientTokenId",
    });
    sts.destroy();
  });

  it("at IAM's two-key limit: refuses with two active keys; deletes an inactive one first with --yes; --keep-old", async () => {
    const iam = iamAs(emulator, world.buildAdmin);
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "ci" }));
    const second = AccessKey?.AccessKeyId ?? "";
    const refused = await world.run(["rotate", "build-key", "--key-out", "k1.json", "--yes", ...ADMIN_FLAGS]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already has two active access keys/);
    expect(refused.iamWrites).toEqual([]);

    await iam.send(new UpdateAccessKeyCommand({ UserName: "ci", AccessKeyId: second, Status: "Inactive" }));
    iam.destroy();
    const run = await world.run([
      "rotate",
      "build-key",
      "--key-out",
      "k2.json",
      "--yes",
      "--keep-old",
      ...ADMIN_FLAGS,
    ]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`deleted the inactive key ${second}`));
    expect(run.stdout).toMatch(new RegExp(`old key ${ci.accessKeyId}: deactivated`));
    const key = JSON.parse(await readFile(join(world.sandbox.dir, "k2.json"), "utf8")) as {
      AccessKeyId: string;
    };
    expect((await keysOfCi()).sort((a, b) => a.status.localeCompare(b.status))).toEqual([
      { id: key.AccessKeyId, status: "Active" },
      { id: ci.accessKeyId, status: "Inactive" },
    ]);
  });
});
