// `crossrole configure --from-env` end to end: the container bootstrap replacing configure-aws.sh. The built CLI
// writes [builder], [default] and [profile builder]; the aws CLI v1, boto3 and the JS SDK v3 then assume the role
// with the ExternalId through BOTH profiles (the seed's script forgot external_id in [default]).
import { readFile, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../emulator/use-emulator.js";
import { type AssumeWorld, createAssumeWorld, EXTERNAL_ID, REGION, ROLE_ARN } from "./assume-world.js";
import { identitiesOf, runCrossrole } from "./profile-clients.js";

const emulator = useEmulator();
let world: AssumeWorld;
let bootstrapEnv: Record<string, string>;
const outputs: string[] = [];
const FOREIGN_CONFIG = "# from the image\n[profile tools]\nregion = us-east-2\n";

beforeAll(async () => {
  world = await createAssumeWorld(emulator);
  await writeFile(world.sandbox.configFile, FOREIGN_CONFIG);
  // The sandbox sets AWS_REGION too; the same value as REGION, so no "differ" warning.
  bootstrapEnv = { ...world.env, REGION, AWS_REGION: REGION, ROLE_ARN, EXTERNAL_ID };
});
afterAll(async () => {
  expect(outputs.join("\n")).not.toContain(world.user.secretAccessKey);
  await world.sandbox.cleanup();
});

async function crossrole(args: string[], env: Record<string, string>) {
  const result = await runCrossrole(args, env, world.sandbox.dir);
  outputs.push(result.stdout, result.stderr);
  return result;
}

const ASSUMED = /^arn:aws:sts::111111111111:assumed-role\/deploy\/[\w+=,.@-]{2,64}$/;

async function expectAllClientsAssume(profile: string | undefined, env: Record<string, string>) {
  const before = (await emulator.sessions()).length;
  const ids = await identitiesOf(world.sandbox, env, profile, emulator.endpoint);
  for (const arn of Object.values(ids)) expect(arn).toMatch(ASSUMED);
  const fresh = (await emulator.sessions()).slice(before);
  expect(fresh.length).toBeGreaterThanOrEqual(3);
  for (const s of fresh)
    expect({ roleArn: s.roleArn, externalId: s.externalId }).toEqual({
      roleArn: ROLE_ARN,
      externalId: EXTERNAL_ID,
    });
}

describe("crossrole configure --from-env (emulator, real clients)", () => {
  it("lists every missing variable in one error, exit 2, nothing written", async () => {
    const { AWS_REGION: _, ...env } = world.sandbox.env;
    const run = await crossrole(["configure", "--from-env"], {
      ...env,
      AWS_SECRET_ACCESS_KEY: world.user.secretAccessKey,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing: REGION (or AWS_REGION), ROLE_ARN, AWS_ACCESS_KEY_ID");
    expect(await readFile(world.sandbox.configFile, "utf8")).toBe(FOREIGN_CONFIG);
  });

  it("writes the builder profiles; the existing sections stay", async () => {
    const run = await crossrole(["configure", "--from-env"], bootstrapEnv);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("warning");
    expect(run.stderr).toContain(
      "note: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment take precedence",
    );
    const config = await readFile(world.sandbox.configFile, "utf8");
    expect(config.startsWith(FOREIGN_CONFIG)).toBe(true);
    expect(config.match(/external_id = /g)).toHaveLength(2);
    expect(await readFile(world.sandbox.credentialsFile, "utf8")).toContain("[builder]\n");
  });

  it("[default]: every client, with no profile selected, assumes the role with the ExternalId", async () => {
    // As the note says: with the BUILD keys unset, [default] is what the clients use.
    await expectAllClientsAssume(undefined, world.sandbox.env);
  });

  it("[profile builder]: every client assumes the role, even with the BUILD keys still in its environment", async () => {
    await expectAllClientsAssume("builder", world.env);
  });

  it("is idempotent, and without EXTERNAL_ID warns loudly", async () => {
    const again = await crossrole(["configure", "--from-env"], bootstrapEnv);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("unchanged:");
    const { EXTERNAL_ID: _, ...noExt } = bootstrapEnv;
    const warned = await crossrole(["configure", "--from-env", "--profile", "noext"], {
      ...noExt,
      AWS_CONFIG_FILE: `${world.sandbox.dir}/other-config`,
    });
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/warning: EXTERNAL_ID is not set/);
  });
});
