import {
  GetRoleCommand,
  type IAMClient,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from "@aws-sdk/client-iam";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PolicyDocument } from "../../src/core/plan/policy-document.js";
import { BUILD, TARGET } from "../emulator/accounts.js";
import { assumeRoleAs, awsErrorOf, userCredentials } from "../emulator/caller-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createUserWithKey, type UserWithKey } from "../emulator/world.js";
import { expectDocument } from "../support/output-schemas.js";
import {
  type AccessWorld,
  ADMIN_FLAGS,
  createAccessWorld,
  iamAs,
  parsePolicy,
  specWithTargets,
} from "./access-fixture.js";

const emulator = useEmulator({ reset: "test" });
let world: AccessWorld;
let iam: IAMClient;
let ci: UserWithKey;
const ROLE = "OurThingBuildRole";
const EXTERNAL_ID = "crossrole-ext-01-4f1c9a7e2b";

beforeEach(async () => {
  ci = await createUserWithKey(emulator, BUILD, "ci");
  world = await createAccessWorld(emulator);
  iam = iamAs(emulator, world.targetAdmin);
  await world.writeSpec(specWithTargets(1));
  const applied = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
  expect(applied.code).toBe(0);
});
afterEach(async () => {
  iam.destroy();
  await world.dispose();
});

async function liveTrust(): Promise<PolicyDocument> {
  const { Role } = await iam.send(new GetRoleCommand({ RoleName: ROLE }));
  return parsePolicy(Role?.AssumeRolePolicyDocument) as PolicyDocument;
}
async function setTrust(edit: (trust: PolicyDocument) => void): Promise<void> {
  const trust = await liveTrust();
  edit(trust);
  await iam.send(
    new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: JSON.stringify(trust) }),
  );
}
const firstStatement = (trust: PolicyDocument) =>
  trust.Statement[0] as NonNullable<PolicyDocument["Statement"][0]>;

describe("crossrole diff (built CLI, emulator)", () => {
  it("exit 0 when live equals the spec, with only read calls", async () => {
    const run = await world.run(["diff", ...ADMIN_FLAGS]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/= in sync/);
    expect(run.stdout).toMatch(/no drift/);
    expect(run.iamWrites).toEqual([]);
  });

  it.each<[string, () => Promise<void>, RegExp[]]>([
    [
      "an extra trust statement",
      () =>
        setTrust((t) => {
          t.Statement.push({
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::333333333333:root" },
            Action: "sts:AssumeRole",
          });
        }),
      [
        /- statement \(live, not in the spec\): Allow; principal AWS:arn:aws:iam::333333333333:root; action sts:AssumeRole/,
      ],
    ],
    [
      "the ExternalId condition removed",
      () =>
        setTrust((t) => {
          delete firstStatement(t).Condition;
        }),
      [
        /~ statement "AssumeFromBuild":/,
        new RegExp(
          `\\+ sts:ExternalId \\(StringEquals\\): ${EXTERNAL_ID}  \\(required by the spec, missing live\\)`,
        ),
      ],
    ],
    [
      "an extra ExternalId value",
      () =>
        setTrust((t) => {
          firstStatement(t).Condition = {
            StringEquals: { "sts:ExternalId": [EXTERNAL_ID, "leaked-id-1234"] },
          };
        }),
      [/- sts:ExternalId \(StringEquals\): leaked-id-1234 {2}\(accepted live, not in the spec\)/],
    ],
    [
      "MaxSessionDuration changed",
      async () => {
        const { Role } = await iam.send(new GetRoleCommand({ RoleName: ROLE }));
        await iam.send(
          new UpdateRoleCommand({
            RoleName: ROLE,
            MaxSessionDuration: 43200,
            Description: Role?.Description,
          }),
        );
      },
      [/~ MaxSessionDuration: 43200 -> 3600/],
    ],
    [
      "a trust principal shown as a raw unique ID (BUILD principal deleted and re-created)",
      () =>
        setTrust((t) => {
          firstStatement(t).Principal = { AWS: "AIDAQWERTYUIOPASDFGH1" };
        }),
      [
        /! the trust policy names AIDAQWERTYUIOPASDFGH1, the unique ID of a deleted user/,
        /Re-saving the trust policy with the ARN fixes it/,
      ],
    ],
  ])("%s: diff exits 4 and says what; apply repairs it; diff exits 0", async (_label, change, expected) => {
    await change();
    const drift = await world.run(["diff", ...ADMIN_FLAGS]);
    expect(drift.code).toBe(4);
    for (const pattern of expected) expect(drift.stdout).toMatch(pattern);
    expect(drift.stdout).toMatch(/drift: live IAM state differs from the spec/);

    const repaired = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
    expect(repaired.code).toBe(0);
    expect(repaired.iamWrites.length).toBe(1);
    expect((await world.run(["diff", ...ADMIN_FLAGS])).code).toBe(0);
  });

  it("--json: machine-readable drift", async () => {
    await setTrust((t) => {
      delete firstStatement(t).Condition;
    });
    const run = await world.run(["diff", "--json", ...ADMIN_FLAGS]);
    expect(run.code).toBe(4);
    expectDocument("diff", run.stdout);
    const json = JSON.parse(run.stdout) as {
      formatVersion: number;
      drift: boolean;
      targets: Array<{
        status: string;
        diff: { trust: { changed: Array<{ fields: unknown[] }> } };
        applyCalls: string[];
      }>;
    };
    expect(json.formatVersion).toBe(1);
    expect(json.drift).toBe(true);
    expect(json.targets[0]?.status).toBe("update");
    expect(json.targets[0]?.diff.trust.changed[0]?.fields).toEqual([
      { field: "externalId", added: [EXTERNAL_ID], removed: [] },
    ]);
    expect(json.targets[0]?.applyCalls).toEqual([`UpdateAssumeRolePolicy ${ROLE}`]);
  });

  it("a missing role and a changed BUILD grant are drift", async () => {
    await world.writeSpec({
      ...specWithTargets(1),
      targets: {
        ...(specWithTargets(1).targets as object),
        other: { account: "111111111111", role: "OtherRole", externalId: "crossrole-ext-other-9f8e7d" },
      },
    });
    const run = await world.run(["diff", ...ADMIN_FLAGS]);
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(/target other: .*\n {2}\+ role does not exist: will be created/);
    expect(run.stdout).toMatch(/~ grant crossrole-assume-targets:/);
  });

  it("a trust with TagSession / SetSourceIdentity inside the ExternalId statement (the old layout) is drift; apply repairs it", async () => {
    await world.writeSpec(specWithTargets(1, { allowSessionTags: true, allowSourceIdentity: true }));
    expect((await world.run(["apply", "--yes", ...ADMIN_FLAGS])).code).toBe(0);
    const tagged = () =>
      assumeRoleAs(emulator, userCredentials(ci), {
        RoleArn: `arn:aws:iam::${TARGET}:role/${ROLE}`,
        RoleSessionName: "build-1",
        ExternalId: EXTERNAL_ID,
        Tags: [{ Key: "team", Value: "platform" }],
        SourceIdentity: "alice",
      });
    await expect(tagged()).resolves.toBeDefined();

    // What crossrole wrote before: the session actions share the ExternalId statement. AWS denies that tagged call.
    await setTrust((t) => {
      t.Statement = [
        { ...firstStatement(t), Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"] },
      ];
    });
    expect((await awsErrorOf(tagged())).name).toBe("AccessDenied");
    const drift = await world.run(["diff", ...ADMIN_FLAGS]);
    expect(drift.code, drift.stdout).toBe(4);
    expect(drift.stdout).toMatch(/sts:tagsession|sts:TagSession/);
    expect(drift.stdout).toMatch(/TagAndIdentifyFromBuild/);

    expect((await world.run(["apply", "--yes", ...ADMIN_FLAGS])).code).toBe(0);
    expect((await world.run(["diff", ...ADMIN_FLAGS])).code).toBe(0);
    await expect(tagged()).resolves.toBeDefined();
  });
});
