import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatManagedMarker } from "../../src/outputs/ini/managed-marker.js";
import { BUILD } from "../emulator/accounts.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { expectDocument } from "../support/output-schemas.js";
import {
  type AssumeWorld,
  createAssumeWorld,
  expectNoSecrets,
  ROLE_ARN,
  runCrossrole,
} from "./assume-world.js";

/**
 * `crossrole whoami` (issue 15, section 4) against the emulator, run from a subdirectory of the spec's: the BUILD
 * user's identity, the spec found above, a session `assume` cached (role and expiry, never a key), a profile
 * section crossrole marks; without credentials the rest is still shown, exit 0.
 */

const emulator = useEmulator({ reset: "test" });

let world: AssumeWorld;
let sub: string;
beforeEach(async () => {
  world = await createAssumeWorld(emulator);
  sub = join(world.sandbox.dir, "sub", "dir");
  await mkdir(sub, { recursive: true });
  await writeFile(
    world.sandbox.configFile,
    `${formatManagedMarker("target deploy")}\n[profile deploy]\nrole_arn = ${ROLE_ARN}\n\n[profile mine]\nregion = eu-west-1\n`,
  );
});
afterEach(async () => {
  await world.sandbox.cleanup();
});

describe("crossrole whoami", () => {
  it("shows the identity, the spec found above, the cached session and managed profiles; no secret", async () => {
    const assumed = await runCrossrole(["assume", "deploy", "--format", "json"], {
      env: world.env,
      cwd: world.sandbox.dir,
    });
    expect(assumed.code, assumed.stderr).toBe(0);
    const session = JSON.parse(assumed.stdout) as {
      SecretAccessKey: string;
      SessionToken: string;
      AccessKeyId: string;
    };

    const run = await runCrossrole(["whoami"], { env: world.env, cwd: sub });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^identity  arn:aws:iam::${BUILD}:user/ci$`, "m"));
    expect(run.stdout).toMatch(/^spec {6}\.\.\/\.\.\/crossrole\.yaml$/m);
    expect(run.stdout).toContain(`target deploy: ${ROLE_ARN} (eu-west-1)`);
    expect(run.stdout).toMatch(
      new RegExp(`^  ${ROLE_ARN.replace(/[/]/g, "\\/")}  expires \\d{4}-\\d\\d-\\d\\dT`, "m"),
    );
    expect(run.stdout).toContain("[profile deploy] in");
    expect(run.stdout).not.toContain("[profile mine]");
    expectNoSecrets(run, [
      world.user.secretAccessKey,
      session.SecretAccessKey,
      session.SessionToken,
      session.AccessKeyId,
    ]);

    // `status` is the same command.
    const status = await runCrossrole(["status"], { env: world.env, cwd: sub });
    expect(status.stdout).toBe(run.stdout);

    // --json (and `status --json`): one document, valid against schema/output/whoami.schema.json, no secret.
    const json = await runCrossrole(["whoami", "--json"], { env: world.env, cwd: sub });
    expect(json.code, json.stderr).toBe(0);
    const doc = expectDocument("whoami", json.stdout);
    expect(doc).toMatchObject({
      formatVersion: 1,
      command: "whoami",
      identity: { arn: `arn:aws:iam::${BUILD}:user/ci`, account: BUILD },
      spec: {
        file: join(world.sandbox.dir, "crossrole.yaml"),
        targets: [{ name: "deploy", roleArn: ROLE_ARN, region: "eu-west-1" }],
      },
      sessions: [{ roleArn: ROLE_ARN, expired: false }],
      profiles: [{ name: "profile deploy" }],
    });
    const [cached] = doc.sessions as Array<{ expiration: string }>;
    expect(new Date(cached?.expiration ?? "").toISOString()).toBe(cached?.expiration);
    expectNoSecrets(json, [
      world.user.secretAccessKey,
      session.SecretAccessKey,
      session.SessionToken,
      session.AccessKeyId,
    ]);
    const statusJson = await runCrossrole(["status", "--json"], { env: world.env, cwd: sub });
    expect(statusJson.stdout).toBe(json.stdout);

    // -q still prints the identity and the spec only.
    const quiet = await runCrossrole(["whoami", "-q"], { env: world.env, cwd: sub });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toMatch(/^identity {2}arn:/m);
    expect(quiet.stdout).not.toMatch(/^sessions/m);
  });

  it("without credentials: says so, still shows the spec and the cache, exit 0", async () => {
    await runCrossrole(["assume", "deploy", "--format", "json"], { env: world.env, cwd: world.sandbox.dir });
    const { AWS_ACCESS_KEY_ID: _k, AWS_SECRET_ACCESS_KEY: _s, ...env } = world.env;
    const run = await runCrossrole(["whoami"], { env, cwd: sub });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^identity {2}no AWS credentials found/m);
    expect(run.stdout).toContain(`target deploy: ${ROLE_ARN}`);
    expect(run.stdout).toContain(`  ${ROLE_ARN}  expires `);
  });
});
