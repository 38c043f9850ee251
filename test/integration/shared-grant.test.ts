// Several specs (two teams, two directories) share one BUILD user: each spec owns only its part of the grant
// (crossrole-assume-targets-<name>), and apply, diff and destroy in one directory never touch the other's part.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  ListAttachedUserPoliciesCommand,
  ListUserPoliciesCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUILD, TARGET } from "../emulator/accounts.js";
import { assumeRoleAs, userCredentials } from "../emulator/caller-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createUserWithKey, type UserWithKey } from "../emulator/world.js";
import { type AccessWorld, ADMIN_FLAGS, createAccessWorld, iamAs } from "./access-fixture.js";

const emulator = useEmulator({ reset: "test" });
let world: AccessWorld;
let ci: UserWithKey;

beforeEach(async () => {
  ci = await createUserWithKey(emulator, BUILD, "ci");
  world = await createAccessWorld(emulator);
});
afterEach(async () => {
  await world?.dispose();
});

/** A team's spec: `roles` target roles (TARGET account) named `<prefix>-NN`, on the BUILD user ci. */
function teamSpec(name: string | undefined, prefix: string, roles: number): Record<string, unknown> {
  const targets: Record<string, unknown> = {};
  for (let i = 1; i <= roles; i++) {
    const id = String(i).padStart(2, "0");
    targets[`t${id}`] = { account: TARGET, role: `${prefix}-${id}`, externalId: externalId(prefix, id) };
  }
  return {
    version: 1,
    ...(name === undefined ? {} : { name }),
    region: "us-east-1",
    build: { account: BUILD, principal: "user/ci" },
    targets,
  };
}
const externalId = (prefix: string, id: string) => `ext-${prefix}-${id}-7d2e9c41b8`;
const roleArn = (prefix: string, id = "01") => `arn:aws:iam::${TARGET}:role/${prefix}-${id}`;

/** Writes the spec into its own directory of the sandbox; returns the `--config` flags for it. */
async function specDir(dir: string, spec: Record<string, unknown>): Promise<string[]> {
  const path = join(world.sandbox.dir, dir);
  await mkdir(path, { recursive: true });
  await writeFile(join(path, "crossrole.yaml"), `${JSON.stringify(spec, null, 2)}\n`);
  return ["--config", join(path, "crossrole.yaml")];
}

/** What is on ci: inline policy names and the managed policies attached. */
async function onCi(): Promise<{ inline: string[]; attached: string[] }> {
  const iam = iamAs(emulator, world.buildAdmin);
  try {
    const { PolicyNames } = await iam.send(new ListUserPoliciesCommand({ UserName: "ci" }));
    const { AttachedPolicies } = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: "ci" }));
    return {
      inline: [...(PolicyNames ?? [])].sort(),
      attached: (AttachedPolicies ?? []).map((p) => p.PolicyArn ?? "").sort(),
    };
  } finally {
    iam.destroy();
  }
}

/** A real AssumeRole as the BUILD user ci (the emulator judges ci's identity policies and the trust policy). */
const assumeAsCi = (prefix: string) =>
  assumeRoleAs(emulator, userCredentials(ci), {
    RoleArn: roleArn(prefix),
    RoleSessionName: "shared",
    ExternalId: externalId(prefix, "01"),
  });

describe("two specs, two directories, one BUILD user", () => {
  it("apply A, apply B: ci assumes both teams' roles; diff in each is clean and names the other's part; destroy in A leaves B intact", async () => {
    const a = await specDir("team-a", teamSpec("team-a", "TeamA", 2));
    const b = await specDir("team-b", teamSpec("team-b", "TeamB", 3));
    const applyA = await world.run(["apply", "--yes", ...a, ...ADMIN_FLAGS]);
    expect(applyA.code, applyA.stdout + applyA.stderr).toBe(0);
    const applyB = await world.run(["apply", "--yes", ...b, ...ADMIN_FLAGS]);
    expect(applyB.code, applyB.stdout + applyB.stderr).toBe(0);
    // B's apply wrote its own part only: nothing of A's was rewritten or deleted.
    expect(applyB.iamWrites.filter((w) => w.endsWith("UserPolicy"))).toEqual(["PutUserPolicy"]);
    expect((await onCi()).inline).toEqual([
      "crossrole-assume-targets-team-a",
      "crossrole-assume-targets-team-b",
    ]);
    await expect(assumeAsCi("TeamA")).resolves.toBeDefined();
    await expect(assumeAsCi("TeamB")).resolves.toBeDefined();

    const diffA = await world.run(["diff", ...a, ...ADMIN_FLAGS]);
    expect(diffA.code, diffA.stdout + diffA.stderr).toBe(0);
    expect(diffA.stdout).toContain("= grant crossrole-assume-targets-team-a in sync");
    expect(diffA.stdout).toContain("also on ci: crossrole grant of spec 'team-b' (3 roles;");
    const diffB = await world.run(["diff", ...b, ...ADMIN_FLAGS]);
    expect(diffB.code, diffB.stdout + diffB.stderr).toBe(0);
    expect(diffB.stdout).toContain("also on ci: crossrole grant of spec 'team-a' (2 roles;");
    const json = await world.run(["diff", "--json", ...b, ...ADMIN_FLAGS]);
    expect(JSON.parse(json.stdout).build.otherGrants).toEqual([
      {
        spec: "team-a",
        policies: ["crossrole-assume-targets-team-a"],
        roles: [roleArn("TeamA", "01"), roleArn("TeamA", "02")],
      },
    ]);

    const destroyA = await world.run(["destroy", "--yes", ...a, ...ADMIN_FLAGS]);
    expect(destroyA.code, destroyA.stdout + destroyA.stderr).toBe(0);
    expect(destroyA.stdout).toContain("kept: the crossrole grant of spec 'team-b'");
    expect((await onCi()).inline).toEqual(["crossrole-assume-targets-team-b"]);
    await expect(assumeAsCi("TeamB")).resolves.toBeDefined();
    const after = await world.run(["diff", ...b, ...ADMIN_FLAGS]);
    expect(after.code, after.stdout + after.stderr).toBe(0);
    expect(after.stdout).not.toContain("also on ci");
  });

  it("parts that together exceed the user's 2,048-character inline quota: the second goes managed, the first stays inline", async () => {
    // Each part alone fits inline (about 1,200 characters); both together do not.
    const a = await specDir("team-a", teamSpec("team-a", "TeamA", 26));
    const b = await specDir("team-b", teamSpec("team-b", "TeamB", 26));
    const side = ["--side", "build", "--yes", ...ADMIN_FLAGS];
    expect((await world.run(["apply", ...a, ...side])).code).toBe(0);
    const second = await world.run(["apply", ...b, ...side]);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(await onCi()).toEqual({
      inline: ["crossrole-assume-targets-team-a"],
      attached: [`arn:aws:iam::${BUILD}:policy/crossrole/crossrole-assume-targets-team-b-1`],
    });
    const diffB = await world.run(["diff", "--side", "build", ...b, ...ADMIN_FLAGS]);
    expect(diffB.code, diffB.stdout + diffB.stderr).toBe(0);
    expect(diffB.stdout).toMatch(/inline policies of others on ci: \d+ of the user's 2048 characters/);
  });

  it("the unnamed grant of an earlier crossrole: taken over when it grants exactly the spec's roles, else left in place with a warning", async () => {
    const a = await specDir("team-a", teamSpec(undefined, "TeamA", 2));
    const side = ["--side", "build", "--yes", ...ADMIN_FLAGS];
    expect((await world.run(["apply", ...a, ...side])).code).toBe(0);
    expect((await onCi()).inline).toEqual(["crossrole-assume-targets"]);
    // Team A names its spec: its grant moves to crossrole-assume-targets-team-a (written first, then the old one goes).
    await specDir("team-a", teamSpec("team-a", "TeamA", 2));
    const diff = await world.run(["diff", "--side", "build", ...a, ...ADMIN_FLAGS]);
    expect(diff.stdout).toContain("takes over the unnamed grant crossrole-assume-targets");
    const named = await world.run(["apply", ...a, ...side]);
    expect(named.code, named.stdout + named.stderr).toBe(0);
    expect(named.iamWrites).toEqual(["PutUserPolicy", "DeleteUserPolicy"]);
    expect((await onCi()).inline).toEqual(["crossrole-assume-targets-team-a"]);

    // An unnamed grant with other roles (another team's, written by an earlier crossrole) is never taken over.
    const iam = iamAs(emulator, world.buildAdmin);
    const legacy = {
      Version: "2012-10-17",
      Statement: [
        { Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: roleArn("TeamB") },
      ],
    };
    await iam.send(
      new PutUserPolicyCommand({
        UserName: "ci",
        PolicyName: "crossrole-assume-targets",
        PolicyDocument: JSON.stringify(legacy),
      }),
    );
    iam.destroy();
    const b = await specDir("team-a", teamSpec("team-a", "TeamA", 3));
    const grow = await world.run(["apply", ...b, ...side]);
    expect(grow.code, grow.stdout + grow.stderr).toBe(0);
    expect(grow.stdout).toContain(
      "the unnamed grant crossrole-assume-targets grants roles this spec does not name",
    );
    expect(grow.iamWrites).toEqual(["PutUserPolicy"]);
    expect((await onCi()).inline).toEqual(["crossrole-assume-targets", "crossrole-assume-targets-team-a"]);
  });
});
