import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allow, BUILD, policy, TARGET } from "../emulator/accounts.js";
import { awsErrorOf } from "../emulator/caller-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createUserWithKey } from "../emulator/world.js";
import { confirmationRefusal } from "../support/confirmation-refusal.js";
import {
  type AccessWorld,
  ADMIN_FLAGS,
  createAccessWorld,
  iamAs,
  specWithTargets,
} from "./access-fixture.js";

const emulator = useEmulator({ reset: "test" });
let world: AccessWorld;
let targetIam: IAMClient;
let buildIam: IAMClient;

const TRUST = JSON.stringify(
  policy({ Effect: "Allow", Principal: { AWS: BUILD }, Action: "sts:AssumeRole" }),
);
const DOC = JSON.stringify(policy(allow("s3:GetObject", "*")));

beforeEach(async () => {
  await createUserWithKey(emulator, BUILD, "ci");
  world = await createAccessWorld(emulator);
  targetIam = iamAs(emulator, world.targetAdmin);
  buildIam = iamAs(emulator, world.buildAdmin);
});
afterEach(async () => {
  targetIam.destroy();
  buildIam.destroy();
  await world.dispose();
});

const exists = async (roleName: string) =>
  targetIam.send(new GetRoleCommand({ RoleName: roleName })).then(
    () => true,
    () => false,
  );

describe("crossrole destroy (built CLI, emulator)", () => {
  it("removes only what crossrole created; roles and policies it did not create stay untouched", async () => {
    // A spec with three targets; t03's role already exists without crossrole's tag (apply refuses it).
    const spec = specWithTargets(3, {
      permissions: {
        ecr: { push: ["ourthing/app"] },
        managedPolicyArns: [`arn:aws:iam::${TARGET}:policy/shared-read`],
      },
    });
    await world.writeSpec(spec);
    await targetIam.send(new CreatePolicyCommand({ PolicyName: "shared-read", PolicyDocument: DOC }));
    await targetIam.send(new CreatePolicyCommand({ PolicyName: "theirs", PolicyDocument: DOC }));
    await targetIam.send(
      new CreateRoleCommand({ RoleName: "crossrole-03", AssumeRolePolicyDocument: TRUST }),
    );
    await targetIam.send(new CreateRoleCommand({ RoleName: "unrelated", AssumeRolePolicyDocument: TRUST }));
    await buildIam.send(
      new PutUserPolicyCommand({ UserName: "ci", PolicyName: "team-policy", PolicyDocument: DOC }),
    );
    const applied = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
    expect(applied.code).toBe(2); // t03 refused
    // Someone else adds their own inline policy and attachment to t02's (crossrole) role.
    await targetIam.send(
      new PutRolePolicyCommand({ RoleName: "crossrole-02", PolicyName: "their-inline", PolicyDocument: DOC }),
    );
    // t01's and t02's sessions were revoked (crossrole revoke, or the console): the policy is crossrole's to remove
    // with the role, and stays on a role that stays.
    for (const role of ["crossrole-01", "crossrole-02"]) {
      await targetIam.send(
        new PutRolePolicyCommand({
          RoleName: role,
          PolicyName: "AWSRevokeOlderSessions",
          PolicyDocument: DOC,
        }),
      );
    }
    await targetIam.send(
      new AttachRolePolicyCommand({
        RoleName: "crossrole-02",
        PolicyArn: `arn:aws:iam::${TARGET}:policy/theirs`,
      }),
    );

    const refused = await world.run(["destroy", ...ADMIN_FLAGS]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.endsWith(confirmationRefusal("destroy", { dryRun: true })), refused.stderr).toBe(
      true,
    );
    expect(refused.iamWrites).toEqual([]);

    const run = await world.run(["destroy", "--yes", ...ADMIN_FLAGS]);
    expect(run.code).toBe(0);
    expect(run.iamWrites.sort()).toEqual(
      [
        "DeleteRole", // t01
        "DeleteRolePolicy",
        "DeleteRolePolicy", // t01's revoke policy
        "DeleteRolePolicy",
        "DeleteUserPolicy", // BUILD grant
        "DetachRolePolicy",
        "DetachRolePolicy",
      ].sort(),
    );
    expect(run.stdout).toMatch(
      /role arn:aws:iam::111111111111:role\/crossrole-02 kept: it still has inline policy their-inline, managed policy arn:aws:iam::111111111111:policy\/theirs/,
    );
    expect(run.stdout).toMatch(
      /crossrole-03 is not tagged managed-by=crossrole: crossrole did not create it, left untouched/,
    );

    expect(await exists("crossrole-01")).toBe(false);
    expect(await exists("crossrole-02")).toBe(true);
    expect(await exists("crossrole-03")).toBe(true);
    expect(await exists("unrelated")).toBe(true);
    const inline = await targetIam.send(new ListRolePoliciesCommand({ RoleName: "crossrole-02" }));
    expect(inline.PolicyNames?.sort()).toEqual(["AWSRevokeOlderSessions", "their-inline"]);
    const attached = await targetIam.send(new ListAttachedRolePoliciesCommand({ RoleName: "crossrole-02" }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(["theirs"]);
    // BUILD: the grant is gone; the user and its other policy stay.
    expect(
      await awsErrorOf(
        buildIam.send(new GetUserPolicyCommand({ UserName: "ci", PolicyName: "crossrole-assume-targets" })),
      ),
    ).toMatchObject({
      name: "NoSuchEntityException",
    });
    await expect(
      buildIam.send(new GetUserPolicyCommand({ UserName: "ci", PolicyName: "team-policy" })),
    ).resolves.toBeDefined();
    await expect(buildIam.send(new GetUserCommand({ UserName: "ci" }))).resolves.toBeDefined();

    const again = await world.run(["destroy", "--yes", ...ADMIN_FLAGS]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing to remove/);
    expect(again.iamWrites).toEqual([]);
  });

  it("IAM's DeleteConflict (the role is in an instance profile): exit 6, AWS failed, not an auth problem", async () => {
    await world.writeSpec(specWithTargets(2));
    expect((await world.run(["apply", "--yes", ...ADMIN_FLAGS])).code).toBe(0);
    await targetIam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "theirs" }));
    await targetIam.send(
      new AddRoleToInstanceProfileCommand({ InstanceProfileName: "theirs", RoleName: "crossrole-01" }),
    );
    const run = await world.run(["destroy", "--yes", "--target", "t01", ...ADMIN_FLAGS]);
    expect(run.code, run.stdout + run.stderr).toBe(6);
    expect(run.stdout + run.stderr).toMatch(/iam:DeleteRole on crossrole-01 in account \d{12} was refused/);
    expect(await exists("crossrole-01")).toBe(true);
  });

  it("--target destroys one role and narrows the BUILD grant to the others", async () => {
    await world.writeSpec(specWithTargets(2));
    expect((await world.run(["apply", "--yes", ...ADMIN_FLAGS])).code).toBe(0);
    const run = await world.run(["destroy", "--yes", "--target", "t01", ...ADMIN_FLAGS]);
    expect(run.code).toBe(0);
    expect(run.iamWrites).toEqual(["DeleteRolePolicy", "DeleteRole", "PutUserPolicy"]);
    expect(await exists("crossrole-01")).toBe(false);
    expect(await exists("crossrole-02")).toBe(true);
    const grant = await buildIam.send(
      new GetUserPolicyCommand({ UserName: "ci", PolicyName: "crossrole-assume-targets" }),
    );
    const text = decodeURIComponent(grant.PolicyDocument ?? "");
    expect(text).toContain("crossrole-02");
    expect(text).not.toContain("crossrole-01");
  });
});
