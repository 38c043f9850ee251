import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { GetAuthorizationTokenCommand } from "@aws-sdk/client-ecr";
import { GetRolePolicyCommand, ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveCredentialCacheDir } from "../../src/local/cache/credential-cache.js";
import { BUILD, TARGET } from "../emulator/accounts.js";
import {
  assumeRoleAs,
  awsErrorOf,
  type Credentials,
  ecrAs,
  stsAs,
  userCredentials,
} from "../emulator/caller-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createRepository, createUserWithKey, type UserWithKey } from "../emulator/world.js";
import { confirmationRefusal } from "../support/confirmation-refusal.js";
import {
  type AccessWorld,
  ADMIN_FLAGS,
  createAccessWorld,
  iamAs,
  parsePolicy,
  specWithTargets,
} from "./access-fixture.js";
import { expectNoSecrets } from "./assume-world.js";

const emulator = useEmulator({ reset: "test" });
let world: AccessWorld;
let ci: UserWithKey;

const ROLE = "OurThingBuildRole";
const ROLE_ARN = `arn:aws:iam::${TARGET}:role/${ROLE}`;
const EXTERNAL_ID = "Xq7Lm2Rz9Kp4Vt8Wn3Bc6Df1Gh5Jk0YaTe2Su7Qi";

function asCi(): Record<string, string> {
  return { AWS_ACCESS_KEY_ID: ci.accessKeyId, AWS_SECRET_ACCESS_KEY: ci.secretAccessKey };
}

async function ecrStatus(credentials: Credentials): Promise<number | undefined> {
  const ecr = ecrAs(emulator, credentials);
  try {
    return (await ecr.send(new GetAuthorizationTokenCommand({}))).$metadata.httpStatusCode;
  } catch (error) {
    return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  } finally {
    ecr.destroy();
  }
}

const assume = () =>
  assumeRoleAs(emulator, userCredentials(ci), {
    RoleArn: ROLE_ARN,
    RoleSessionName: "it",
    ExternalId: EXTERNAL_ID,
  });

beforeEach(async () => {
  ci = await createUserWithKey(emulator, BUILD, "ci");
  await createRepository(emulator, TARGET, "us-east-1", "ourthing/app");
  world = await createAccessWorld(emulator);
  await world.writeSpec(specWithTargets(1, { externalId: EXTERNAL_ID }));
  const applied = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
});
afterEach(async () => {
  await world?.dispose();
});

describe("crossrole revoke (built CLI, emulator with aws:TokenIssueTime judged like AWS)", () => {
  it("a session issued before is refused, a new one works; proven by the CLI; cached sessions are cleared", async () => {
    const cached = await world.run(["assume", "ourthing", "--format", "json"], { env: asCi() });
    expect(cached.code, cached.stderr).toBe(0);
    const cacheDir = resolveCredentialCacheDir(world.sandbox.env, world.sandbox.home);
    const before = (await readdir(cacheDir)).filter((n) => /^[0-9a-f]+\.json$/.test(n));
    expect(before.length).toBe(1);
    const old = await assume();
    expect(await ecrStatus(old)).toBe(200);

    const run = await world.run(["revoke", "ourthing", "--yes", "--target-profile", "target-admin"], {
      env: asCi(),
    });
    expectNoSecrets(run, [ci.secretAccessKey, old.secretAccessKey, old.sessionToken ?? ""]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.iamWrites).toEqual(["PutRolePolicy"]);
    expect(run.stdout).toMatch(/AWSRevokeOlderSessions added/);
    expect(run.stdout).toMatch(
      /proof: a session issued before was refused ecr:GetAuthorizationToken; a new session works/,
    );
    expect(run.stdout).toMatch(/long-term access keys are not affected/);
    expect(run.stdout).toMatch(/cleared 1 cached session/);
    expect((await readdir(cacheDir)).filter((n) => before.includes(n))).toEqual([]);

    // Independently of the CLI: the old session is refused, a new one works.
    expect(await ecrStatus(old)).toBe(403);
    expect(await ecrStatus(await assume())).toBe(200);

    // The policy is the console's, with a timestamp.
    const iam = iamAs(emulator, world.targetAdmin);
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({ RoleName: ROLE, PolicyName: "AWSRevokeOlderSessions" }),
    );
    iam.destroy();
    expect(parsePolicy(PolicyDocument)).toMatchObject({
      Statement: [
        {
          Effect: "Deny",
          Action: ["*"],
          Resource: ["*"],
          Condition: {
            DateLessThan: { "aws:TokenIssueTime": expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) },
          },
        },
      ],
    });

    // Again: the time is refreshed, and a session from before the second revoke is cut off too.
    const middle = await assume();
    const again = await world.run(["revoke", "--all", "--yes", "--target-profile", "target-admin"], {
      env: asCi(),
    });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/AWSRevokeOlderSessions refreshed/);
    expect(await ecrStatus(middle)).toBe(403);
  });

  it("with HOME unset, revoke clears the cache directory assume wrote (one home for every command)", async () => {
    // No HOME, no cache variables: the cache lives in the home directory, found without HOME. USERPROFILE (the
    // next place the AWS SDK looks) stays, so that home is the sandbox's, never the real user's.
    const env = world.sandbox.env;
    for (const name of ["HOME", "CROSSROLE_CACHE_DIR", "XDG_CACHE_HOME"]) delete env[name];
    const cacheDir = join(world.sandbox.home, ".cache", "crossrole");
    const cached = await world.run(["assume", "ourthing", "--format", "json"], { env: asCi() });
    expect(cached.code, cached.stderr).toBe(0);
    const entries = (await readdir(cacheDir)).filter((n) => /^[0-9a-f]+\.json$/.test(n));
    expect(entries).toHaveLength(1);
    const run = await world.run(
      ["revoke", "ourthing", "--yes", "--no-proof", "--target-profile", "target-admin"],
      {
        env: asCi(),
      },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/cleared 1 cached session/);
    expect((await readdir(cacheDir)).filter((n) => entries.includes(n))).toEqual([]);
  });

  it("--disable-build-keys deactivates the BUILD user's keys, which the revoke policy never touches", async () => {
    const run = await world.run(
      ["revoke", "--all", "--yes", "--disable-build-keys", "--no-proof", ...ADMIN_FLAGS],
      { env: asCi() },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`deactivated ${ci.accessKeyId}`));
    expect(run.iamWrites.sort()).toEqual(["PutRolePolicy", "UpdateAccessKey"]);
    const iam = iamAs(emulator, world.buildAdmin);
    const { AccessKeyMetadata } = await iam.send(new ListAccessKeysCommand({ UserName: "ci" }));
    iam.destroy();
    expect(AccessKeyMetadata?.map((k) => k.Status)).toEqual(["Inactive"]);
    const sts = stsAs(emulator, userCredentials(ci));
    expect(await awsErrorOf(sts.send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: "InvalidClientTokenId",
    });
    sts.destroy();
  });

  it("refuses without --yes when stdin is not a terminal, and needs TARGET or --all", async () => {
    const refused = await world.run(["revoke", "ourthing", "--target-profile", "target-admin"], {
      env: asCi(),
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr.endsWith(confirmationRefusal("revoke")), refused.stderr).toBe(true);
    expect(refused.iamWrites).toEqual([]);
    const neither = await world.run(["revoke", "--yes"]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/name the targets to revoke, or pass --all/);
  });
});
