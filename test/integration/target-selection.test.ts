import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD, TARGET } from "../emulator/accounts.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createUserWithKey } from "../emulator/world.js";
import { type AccessWorld, ADMIN_FLAGS, type CliRun, createAccessWorld } from "./access-fixture.js";

/**
 * One rule for selecting targets, on every command (issue 14, item 1): `CMD other` and `CMD --target other` select
 * the same target, and only it. Before, plan, lint, diff, apply and destroy silently ignored a positional name:
 * `destroy other --dry-run` planned DeleteRole of every target's role (with --yes it would have deleted them),
 * while verify, revoke and assume refused --target.
 *
 * Two targets in one account, in different regions, so that what a command selected shows in its output: their
 * role names (OurThingBuildRole, OtherBuildRole), and their regions (eu-west-1, us-west-2) in credentials and
 * profiles.
 */

const emulator = useEmulator({ reset: "file" });
let world: AccessWorld;

const spec = {
  version: 1,
  region: "eu-west-1",
  build: { account: BUILD, principal: "user/ci" },
  targets: {
    ourthing: {
      account: TARGET,
      role: "OurThingBuildRole",
      externalId: "ourthing-ext-4f1c9a7e2b8d3c6a",
      permissions: { ecr: { pull: ["ourthing/app"] } },
    },
    other: {
      account: TARGET,
      role: "OtherBuildRole",
      region: "us-west-2",
      externalId: "other-ext-9d8c7b6a5f4e3d2c",
      permissions: { ecr: { pull: ["other/app"] } },
    },
  },
};

beforeAll(async () => {
  const ci = await createUserWithKey(emulator, BUILD, "ci");
  world = await createAccessWorld(emulator);
  await world.addProfile("ci", ci);
  await world.writeSpec(spec);
});
afterAll(async () => world.dispose());

/** The targets a text report names, from its `target NAME: ARN` lines (apply, diff and destroy previews). */
function reportedTargets(run: CliRun): string[] {
  return [...run.stdout.matchAll(/^target (\S+): /gm)].map((m) => m[1] as string);
}

/** Runs `CMD NAME ...`, then `CMD --target NAME ...`: each test asserts the same of both. */
async function bothForms(before: string[], name: string, after: string[] = []): Promise<CliRun[]> {
  return [
    await world.run([...before, name, ...after]),
    await world.run([...before, "--target", name, ...after]),
  ];
}

describe("selecting targets: positional names and --target are the same, on every command (emulator)", () => {
  it("apply --dry-run: only the named target's role would be created", async () => {
    for (const run of await bothForms(["apply"], "other", ["--dry-run", ...ADMIN_FLAGS])) {
      expect(run.code, run.stderr).toBe(0);
      expect(reportedTargets(run)).toEqual(["other"]);
      expect(run.iamWrites).toEqual([]);
    }
    const applied = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
  });

  it("diff: only the named target is read", async () => {
    for (const run of await bothForms(["diff"], "other", ["--json", ...ADMIN_FLAGS])) {
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as { targets: Array<{ target: string }> };
      expect(report.targets.map((t) => t.target)).toEqual(["other"]);
    }
  });

  it("destroy other --dry-run plans only other's role, never OurThingBuildRole", async () => {
    for (const run of await bothForms(["destroy"], "other", ["--dry-run", ...ADMIN_FLAGS])) {
      expect(run.code, run.stderr).toBe(0);
      expect(reportedTargets(run)).toEqual(["other"]);
      expect(run.stdout).toContain("DeleteRole OtherBuildRole");
      expect(run.stdout).not.toContain("DeleteRole OurThingBuildRole");
      expect(run.iamWrites).toEqual([]);
    }
  });

  it("verify: only the named target is verified", async () => {
    for (const run of await bothForms(["verify"], "other", ["--json", "--source-profile", "ci"])) {
      const report = JSON.parse(run.stdout) as { targets: Array<{ name?: string; target?: string }> };
      expect(report.targets.map((t) => t.name ?? t.target)).toEqual(["other"]);
    }
  });

  it("revoke (declined without --yes): only the named target is offered", async () => {
    for (const run of await bothForms(["revoke"], "other", ["--no-proof", ...ADMIN_FLAGS])) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("Revoke every active session of other (");
      expect(run.stderr).not.toContain("ourthing");
      expect(run.iamWrites).toEqual([]);
    }
  });

  it("rotate external-id (declined without --yes): the named target", async () => {
    for (const run of await bothForms(["rotate", "external-id"], "other", [
      "--target-profile",
      "target-admin",
    ])) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("Target other (");
      expect(run.iamWrites).toEqual([]);
    }
  });

  it("assume and exec: the named target's role, in its region", async () => {
    for (const assumed of await bothForms(["assume"], "other", [
      "--format",
      "json",
      "--source-profile",
      "ci",
    ])) {
      expect(assumed.code, assumed.stderr).toBe(0);
      expect(JSON.parse(assumed.stdout)).toMatchObject({ Region: "us-west-2" });
    }
    const printRegion = ["--source-profile", "ci", "--", process.execPath, "-p", "process.env.AWS_REGION"];
    for (const exec of await bothForms(["exec"], "other", printRegion)) {
      expect(exec.code, exec.stderr).toBe(0);
      expect(exec.stdout.trim()).toBe("us-west-2");
    }
  });

  it("profile: the named target's role", async () => {
    for (const run of await bothForms(["profile"], "other", ["--credential-source", "Environment"])) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`[profile other]`);
      expect(run.stdout).toContain(`role arn:aws:iam::${TARGET}:role/OtherBuildRole`);
    }
  });

  it("ecr configure-helper: only the named target's registry", async () => {
    for (const run of await bothForms(["ecr", "configure-helper"], "other", ["--source-profile", "ci"])) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`${TARGET}.dkr.ecr.us-west-2.amazonaws.com`);
      expect(run.stdout).not.toContain("eu-west-1");
    }
  });
});
