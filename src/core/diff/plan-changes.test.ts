import { describe, expect, it } from "vitest";
import { buildAccessPlan } from "../plan/build-access-plan.js";
import type { AccessSpec } from "../spec/spec-schema.js";
import { diffBuild, diffTarget } from "./diff-access.js";
import type { LiveRole } from "./live-state.js";
import { planBuildChanges, planTargetChanges } from "./plan-changes.js";

const spec: AccessSpec = {
  version: 1,
  region: "eu-west-1",
  build: { account: "222222222222", principal: "role/ci/Runner" },
  targets: {
    ourthing: {
      account: "111111111111",
      role: "/ci/OurThingBuildRole",
      externalId: "ext-0123456789",
      permissions: { ecr: { push: ["app"] }, managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
    },
  },
};
const plan = buildAccessPlan(spec, "crossrole.yaml");
const target = plan.targets[0] as (typeof plan.targets)[number];
const asWritten = (): LiveRole => ({
  roleName: target.roleName,
  path: target.rolePath,
  arn: target.roleArn,
  roleId: "AROAEXAMPLEROLEID0001",
  description: target.description as string,
  maxSessionDuration: target.maxSessionDuration,
  trustPolicy: target.trustPolicy,
  tags: { ...target.tags },
  inlinePolicyNames: ["crossrole-permissions"],
  permissionPolicy: target.permissionPolicy as NonNullable<typeof target.permissionPolicy>,
  attachedPolicyArns: [...target.managedPolicyArns],
});
const kinds = (role: LiveRole | undefined, adopt = false) =>
  planTargetChanges(
    target,
    diffTarget(target, role === undefined ? { target: "ourthing" } : { target: "ourthing", role }),
    {
      adopt,
    },
  ).map((c) => c.kind);

describe("planTargetChanges", () => {
  it.each<[string, LiveRole | undefined, string[]]>([
    [
      "from nothing: one CreateRole with everything, then the inline policy and attachments",
      undefined,
      ["CreateRole", "PutRolePolicy", "AttachRolePolicy"],
    ],
    ["in sync: no calls", asWritten(), []],
    [
      "trust drift only: UpdateAssumeRolePolicy",
      { ...asWritten(), trustPolicy: { Version: "2012-10-17", Statement: [] } },
      ["UpdateAssumeRolePolicy"],
    ],
    ["MaxSessionDuration only: UpdateRole", { ...asWritten(), maxSessionDuration: 7200 }, ["UpdateRole"]],
    [
      "a tag crossrole does not set: no calls",
      { ...asWritten(), tags: { "managed-by": "crossrole", "crossrole:target": "x" } },
      [],
    ],
    [
      "permissions only: PutRolePolicy",
      { ...asWritten(), permissionPolicy: { Version: "2012-10-17", Statement: [] } },
      ["PutRolePolicy"],
    ],
    [
      "attachments: attach before detach",
      { ...asWritten(), attachedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"] },
      ["AttachRolePolicy", "DetachRolePolicy"],
    ],
    [
      "everything at once, in order",
      {
        ...asWritten(),
        trustPolicy: { Version: "2012-10-17", Statement: [] },
        maxSessionDuration: 7200,
        permissionPolicy: { Version: "2012-10-17", Statement: [] },
        attachedPolicyArns: [],
      },
      ["UpdateAssumeRolePolicy", "UpdateRole", "PutRolePolicy", "AttachRolePolicy"],
    ],
  ])("%s", (_label, live, expected) => {
    expect(kinds(live)).toEqual(expected);
  });

  it("an unmanaged role gets no calls, unless adopting: then TagRole marks it", () => {
    const unmanaged = { ...asWritten(), tags: {} };
    expect(kinds(unmanaged)).toEqual([]);
    expect(kinds(unmanaged, true)).toEqual(["TagRole"]);
  });

  it("UpdateRole always sends the desired description with MaxSessionDuration", () => {
    const [call] = planTargetChanges(
      target,
      diffTarget(target, { target: "ourthing", role: { ...asWritten(), maxSessionDuration: 7200 } }),
    );
    expect(call).toEqual({
      kind: "UpdateRole",
      roleName: "OurThingBuildRole",
      maxSessionDuration: 3600,
      description: target.description,
    });
  });

  it("CreateRole carries the path, trust policy, tags and MaxSessionDuration", () => {
    const [call] = planTargetChanges(target, diffTarget(target, { target: "ourthing" }));
    expect(call).toMatchObject({
      kind: "CreateRole",
      roleName: "OurThingBuildRole",
      path: "/ci/",
      trustPolicy: target.trustPolicy,
      maxSessionDuration: 3600,
      tags: { "managed-by": "crossrole" },
    });
  });

  it("a permission policy dropped from the spec is deleted", () => {
    const bare = buildAccessPlan(
      {
        ...spec,
        targets: {
          ourthing: { account: "111111111111", role: "/ci/OurThingBuildRole", externalId: "ext-0123456789" },
        },
      },
      "x",
    );
    const t = bare.targets[0] as (typeof bare.targets)[number];
    const calls = planTargetChanges(
      t,
      diffTarget(t, { target: "ourthing", role: { ...asWritten(), attachedPolicyArns: [] } }),
    );
    expect(calls).toEqual([
      { kind: "DeleteRolePolicy", roleName: "OurThingBuildRole", policyName: "crossrole-permissions" },
    ]);
  });
});

describe("planBuildChanges", () => {
  it("puts the grant on a BUILD role with PutRolePolicy, once, and nothing when in sync", () => {
    const missing = diffBuild(plan.build, { principalArn: plan.build.principalArn, exists: true });
    expect(planBuildChanges(plan.build, missing)).toEqual([
      {
        kind: "PutRolePolicy",
        roleName: "Runner",
        policyName: "crossrole-assume-targets",
        policy: plan.build.grantPolicy,
      },
    ]);
    const synced = diffBuild(plan.build, {
      principalArn: plan.build.principalArn,
      exists: true,
      grantPolicy: plan.build.grantPolicy,
    });
    expect(planBuildChanges(plan.build, synced)).toEqual([]);
  });

  it("puts the grant on a BUILD user with PutUserPolicy; nothing for a missing principal", () => {
    const userPlan = buildAccessPlan(
      { ...spec, build: { account: "222222222222", principal: "user/ci" } },
      "x",
    ).build;
    expect(
      planBuildChanges(
        userPlan,
        diffBuild(userPlan, { principalArn: userPlan.principalArn, exists: true }),
      )[0]?.kind,
    ).toBe("PutUserPolicy");
    expect(
      planBuildChanges(userPlan, diffBuild(userPlan, { principalArn: userPlan.principalArn, exists: false })),
    ).toEqual([]);
  });
});
