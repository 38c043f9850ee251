// Keyless builds end to end on the emulator (#17, first part): plan, lint and apply a spec with build.oidc, then a
// CI job that has nothing but the SDKs' own web identity convention (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN,
// the token minted by the local issuer) runs `crossrole assume` and the aws CLI in the target account. The emulator
// judges the token as AWS does (test/emulator/moto_web_identity_patch.py), and auth enforcement is on.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BUILD, TARGET } from "../emulator/accounts.js";
import {
  GITHUB_ISSUER,
  type OidcIssuer,
  routeIssuerToEmulator,
  startOidcIssuer,
} from "../emulator/oidc-issuer.js";
import { runAwsCli } from "../emulator/real-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { type AccessWorld, ADMIN_FLAGS, createAccessWorld } from "./access-fixture.js";

const emulator = useEmulator({ reset: "test" });
const MAIN = "repo:acme/app:ref:refs/heads/main";
const BUILD_ROLE = `arn:aws:iam::${BUILD}:role/ci-deployer`;
const EXTERNAL_ID = "crossrole-keyless-7Qv2mK9pL4sT8wZ1nB6cD3f";
const SPEC = {
  version: 1,
  region: "eu-west-1",
  build: { account: BUILD, principal: "role/ci-deployer", oidc: { provider: "github", subjects: [MAIN] } },
  targets: { ourthing: { account: TARGET, role: "OurThingBuildRole", externalId: EXTERNAL_ID } },
};

let github: OidcIssuer;
let world: AccessWorld | undefined;
beforeAll(async () => {
  github = await startOidcIssuer(GITHUB_ISSUER);
});
afterAll(async () => {
  await github?.close();
});
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

/** The environment of a CI job with only a web identity token file (no keys, no profile). */
async function ciJob(w: AccessWorld, sub: string): Promise<Record<string, string>> {
  const file = join(w.sandbox.dir, `token-${sub.replace(/[^a-z]/g, "")}`);
  await writeFile(file, github.mint({ sub }));
  return { AWS_WEB_IDENTITY_TOKEN_FILE: file, AWS_ROLE_ARN: BUILD_ROLE, AWS_ROLE_SESSION_NAME: "gha-42" };
}

function dotenv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((l) => /^AWS_[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

describe("keyless builds on the emulator", () => {
  it("apply creates the OIDC provider and BUILD role; a token job assumes the target; a wrong sub is refused (exit 3)", async () => {
    await routeIssuerToEmulator(emulator, github);
    world = await createAccessWorld(emulator);
    await world.writeSpec(SPEC);

    const plan = await world.run(["plan"]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      `OIDC provider:        arn:aws:iam::${BUILD}:oidc-provider/token.actions.githubusercontent.com`,
    );
    const lint = await world.run(["lint"]);
    expect(lint.code).toBe(0);

    const applied = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
    // Only the line naming the spec it found: no warning, no error.
    expect(applied.stderr).toBe("crossrole: using spec crossrole.yaml\n");
    expect(applied.code).toBe(0);
    expect(applied.iamWrites.sort()).toEqual([
      "CreateOpenIDConnectProvider",
      "CreateRole",
      "CreateRole",
      "PutRolePolicy",
    ]);
    const again = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
    expect(again.iamWrites).toEqual([]);
    expect((await world.run(["diff", ...ADMIN_FLAGS])).code).toBe(0);

    // The CI job: the SDK's web identity convention only.
    const job = await ciJob(world, MAIN);
    const assumed = await world.run(["assume", "ourthing", "--format", "dotenv"], { env: job });
    expect(assumed.stderr).toBe("");
    expect(assumed.code).toBe(0);
    const credentials = dotenv(assumed.stdout);
    expect(credentials.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    const identity = await runAwsCli(["sts", "get-caller-identity", "--output", "json"], {
      env: { ...world.sandbox.env, ...credentials },
    });
    expect(identity.stderr).toBe("");
    expect(JSON.parse(identity.stdout).Arn).toMatch(
      new RegExp(`^arn:aws:sts::${TARGET}:assumed-role/OurThingBuildRole/`),
    );
    const sessions = await emulator.sessions();
    expect(sessions.map((s) => [s.roleArn, s.externalId])).toEqual([
      [BUILD_ROLE, null],
      [`arn:aws:iam::${TARGET}:role/OurThingBuildRole`, EXTERNAL_ID],
    ]);

    // A job of another repository: refused at the BUILD hop, nothing printed to eval.
    const evil = await ciJob(world, "repo:evil/app:ref:refs/heads/main");
    const refused = await world.run(["assume", "ourthing", "--no-cache"], { env: evil });
    expect(refused.code).toBe(3);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain(
      `the web identity token (AWS_WEB_IDENTITY_TOKEN_FILE) was refused for ${BUILD_ROLE}: Not authorized to perform sts:AssumeRoleWithWebIdentity`,
    );
    expect(refused.stderr).toContain("build.oidc.subjects");
    // With the cache: the session the allowed job cached must not be handed to a refused token, even one written
    // to the same token file path (a runner reusing $RUNNER_TEMP/token, one OS user, one cache directory).
    const reused = await world.run(["assume", "ourthing", "--format", "dotenv"], { env: job });
    expect(reused.code).toBe(0);
    expect(dotenv(reused.stdout).AWS_ACCESS_KEY_ID).toBe(credentials.AWS_ACCESS_KEY_ID); // the same token hits
    await writeFile(
      job.AWS_WEB_IDENTITY_TOKEN_FILE as string,
      github.mint({ sub: "repo:evil/app:ref:refs/heads/main" }),
    );
    const cachedTry = await world.run(["assume", "ourthing", "--format", "dotenv"], { env: job });
    expect(cachedTry.stdout).toBe("");
    expect(cachedTry.code).toBe(3);
    expect(refused.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("destroy removes the BUILD role and the provider crossrole created", async () => {
    await routeIssuerToEmulator(emulator, github);
    world = await createAccessWorld(emulator);
    await world.writeSpec(SPEC);
    expect((await world.run(["apply", "--yes", ...ADMIN_FLAGS])).code).toBe(0);
    const destroyed = await world.run(["destroy", "--yes", ...ADMIN_FLAGS]);
    expect(destroyed.code).toBe(0);
    expect(destroyed.iamWrites.sort()).toEqual([
      "DeleteOpenIDConnectProvider",
      "DeleteRole",
      "DeleteRole",
      "DeleteRolePolicy",
    ]);
  });
});
