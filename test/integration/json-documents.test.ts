import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUILD } from "../emulator/accounts.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createUserWithKey, type UserWithKey } from "../emulator/world.js";
import { expectDocument } from "../support/output-schemas.js";
import {
  type AccessWorld,
  ADMIN_FLAGS,
  type CliRun,
  createAccessWorld,
  specWithTargets,
} from "./access-fixture.js";

/**
 * `--json` end to end: every command that changes AWS prints exactly one document on stdout, valid against its
 * schema under schema/output/ (read by ajv, not by crossrole), with previews and progress on stderr, and no secret.
 */
const emulator = useEmulator({ reset: "test" });
let world: AccessWorld;
let ci: UserWithKey;
afterEach(async () => {
  await world?.dispose();
});

function secretsOf(): string[] {
  return [ci.secretAccessKey, world.targetAdmin.secretAccessKey, world.buildAdmin.secretAccessKey];
}

function documentOf(name: string, run: CliRun, secrets: readonly string[]): Record<string, unknown> {
  for (const secret of secrets) expect(run.stdout + run.stderr).not.toContain(secret);
  return expectDocument(name, run.stdout);
}

describe("--json documents against the emulator (built CLI)", () => {
  it("apply, diff, rotate, revoke, destroy: one schema-valid document each; failures print the error document", async () => {
    ci = await createUserWithKey(emulator, BUILD, "ci");
    world = await createAccessWorld(emulator);
    await world.writeSpec(specWithTargets(1));
    const asCi = { AWS_ACCESS_KEY_ID: ci.accessKeyId, AWS_SECRET_ACCESS_KEY: ci.secretAccessKey };

    const dry = await world.run(["apply", "--json", "--dry-run", ...ADMIN_FLAGS]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(documentOf("apply", dry, secretsOf())).toMatchObject({
      dryRun: true,
      executed: false,
      writeCalls: 0,
    });
    expect(dry.iamWrites).toEqual([]);

    const unconfirmed = await world.run(["apply", "--json", ...ADMIN_FLAGS]);
    expect(unconfirmed.code).toBe(2);
    expect(documentOf("error", unconfirmed, secretsOf())).toMatchObject({
      command: "apply",
      error: { code: "CONFIRMATION_REQUIRED", kind: "invalid-input" },
      exitCode: 2,
    });
    expect(unconfirmed.stderr).toContain("crossrole");

    const applied = await world.run(["apply", "--json", "--yes", ...ADMIN_FLAGS]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(documentOf("apply", applied, secretsOf())).toMatchObject({
      executed: true,
      writeCalls: 3,
      summary: { done: 2, failed: 0 },
    });
    // The preview went to stderr: stdout is the document alone.
    expect(applied.stderr).toContain("OurThingBuildRole");

    const diff = await world.run(["diff", "--json", ...ADMIN_FLAGS]);
    expect(diff.code, diff.stderr).toBe(0);
    expect(documentOf("diff", diff, secretsOf())).toMatchObject({ command: "diff", drift: false });

    const started = await world.run(
      ["rotate", "external-id", "ourthing", "--json", "--yes", ...ADMIN_FLAGS],
      {
        env: asCi,
      },
    );
    const rotation = documentOf("rotate-external-id", started, secretsOf());
    expect(rotation).toMatchObject({ command: "rotate external-id", phase: "start", executed: true });
    // ExternalIds are named by their last 4 characters, as the text report names them.
    expect(rotation.before).toEqual(["…7e2b"]);
    expect(started.stdout).not.toContain("crossrole-ext-01-4f1c9a7e2b");

    const revoked = await world.run(["revoke", "ourthing", "--json", "--yes", "--no-proof", ...ADMIN_FLAGS]);
    expect(documentOf("revoke", revoked, secretsOf())).toMatchObject({
      executed: true,
      targets: [{ name: "ourthing", status: "revoked" }],
    });

    const rotatedKey = await world.run([
      "rotate",
      "build-key",
      "--key-out",
      "new-key.json",
      "--json",
      "--yes",
      ...ADMIN_FLAGS,
    ]);
    const newKey = JSON.parse(await readFile(join(world.sandbox.dir, "new-key.json"), "utf8")) as {
      AccessKeyId: string;
      SecretAccessKey: string;
    };
    expect(
      documentOf("rotate-build-key", rotatedKey, [...secretsOf(), newKey.SecretAccessKey]),
    ).toMatchObject({
      created: newKey.AccessKeyId,
      writtenTo: join(world.sandbox.dir, "new-key.json"),
    });

    const destroyed = await world.run(["destroy", "--json", "--yes", ...ADMIN_FLAGS]);
    expect(destroyed.code, destroyed.stderr).toBe(0);
    expect(documentOf("destroy", destroyed, secretsOf())).toMatchObject({
      executed: true,
      summary: { failed: 0 },
    });
  });

  it("apply --create-build-user --json names the new key and its file, never the secret", async () => {
    world = await createAccessWorld(emulator);
    ci = world.buildAdmin;
    await world.writeSpec(specWithTargets(1));
    const run = await world.run([
      "apply",
      "--create-build-user",
      "--key-out",
      "ci-key.json",
      "--json",
      "--yes",
      ...ADMIN_FLAGS,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const key = JSON.parse(await readFile(join(world.sandbox.dir, "ci-key.json"), "utf8")) as {
      AccessKeyId: string;
      SecretAccessKey: string;
    };
    expect(documentOf("apply", run, [...secretsOf(), key.SecretAccessKey])).toMatchObject({
      accessKey: {
        userName: "ci",
        accessKeyId: key.AccessKeyId,
        writtenTo: join(world.sandbox.dir, "ci-key.json"),
      },
    });
  });
});
