import { describe, expect, it } from "vitest";
import { buildAccessPlan } from "../plan/build-access-plan.js";
import { buildGrantPolicy } from "../plan/build-grant-policy.js";
import type { AccessSpec } from "../spec/spec-schema.js";
import type { LiveRole } from "./live-state.js";
import { planBuildDestroy, planTargetDestroy } from "./plan-destroy.js";

const spec: AccessSpec = {
  version: 1,
  region: "eu-west-1",
  build: { account: "222222222222", principal: "user/ci" },
  targets: {
    a: {
      account: "111111111111",
      role: "RoleA",
      externalId: "ext-aaaaaaaaaa",
      permissions: { ecr: { push: ["app"] }, managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
    },
    b: { account: "111111111111", role: "RoleB", externalId: "ext-bbbbbbbbbb" },
  },
};
const plan = buildAccessPlan(spec, "crossrole.yaml");
const a = plan.targets[0] as (typeof plan.targets)[number];
const role = (overrides: Partial<LiveRole> = {}): LiveRole => ({
  roleName: "RoleA",
  path: "/",
  arn: a.roleArn,
  roleId: "AROAEXAMPLEROLEID0001",
  maxSessionDuration: 3600,
  trustPolicy: a.trustPolicy,
  tags: { "managed-by": "crossrole" },
  inlinePolicyNames: ["crossrole-permissions"],
  attachedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
  ...overrides,
});

describe("planTargetDestroy", () => {
  it("removes crossrole's inline policy, the spec's attachments, then the role", () => {
    expect(planTargetDestroy(a, { target: "a", role: role() }).calls.map((c) => c.kind)).toEqual([
      "DeleteRolePolicy",
      "DetachRolePolicy",
      "DeleteRole",
    ]);
  });

  it("leaves a role without the managed-by tag entirely alone", () => {
    const plan = planTargetDestroy(a, { target: "a", role: role({ tags: {} }) });
    expect(plan.calls).toEqual([]);
    expect(plan.kept[0]).toMatch(/not tagged managed-by=crossrole/);
  });

  it("keeps the role when something crossrole did not put there remains, and says what", () => {
    const plan = planTargetDestroy(a, {
      target: "a",
      role: role({
        inlinePolicyNames: ["crossrole-permissions", "AWSRevokeOlderSessions", "their-inline"],
        attachedPolicyArns: [
          "arn:aws:iam::aws:policy/ReadOnlyAccess",
          "arn:aws:iam::111111111111:policy/theirs",
        ],
      }),
    });
    expect(plan.calls.map((c) => c.kind)).toEqual(["DeleteRolePolicy", "DetachRolePolicy"]);
    expect(plan.kept[0]).toContain("inline policy their-inline");
    // The role stays, so its revocation stays too.
    expect(plan.kept[0]).not.toContain("AWSRevokeOlderSessions");
    expect(plan.calls).not.toContainEqual(expect.objectContaining({ policyName: "AWSRevokeOlderSessions" }));
    expect(plan.kept[0]).toContain("managed policy arn:aws:iam::111111111111:policy/theirs");
  });

  it("removes the revoke policy of a revoked role last, right before the role (it only denies)", () => {
    const plan = planTargetDestroy(a, {
      target: "a",
      role: role({ inlinePolicyNames: ["AWSRevokeOlderSessions", "crossrole-permissions"] }),
    });
    expect(plan.calls.map((c) => [c.kind, "policyName" in c ? c.policyName : undefined])).toEqual([
      ["DeleteRolePolicy", "crossrole-permissions"],
      ["DetachRolePolicy", undefined],
      ["DeleteRolePolicy", "AWSRevokeOlderSessions"],
      ["DeleteRole", undefined],
    ]);
    expect(plan.kept).toEqual([]);
  });

  it("does nothing for a role that does not exist", () => {
    expect(planTargetDestroy(a, { target: "a" })).toMatchObject({ calls: [], kept: [] });
  });
});

describe("planBuildDestroy", () => {
  const live = {
    principalArn: plan.build.principalArn,
    exists: true,
    grantPolicy: plan.build.grantPolicy,
    grantStorage: { inline: plan.build.grantPolicy, managed: [] },
  };
  it("deletes the grant when no target remains", () => {
    expect(planBuildDestroy(plan.build, live, undefined)).toEqual([
      { kind: "DeleteUserPolicy", userName: "ci", policyName: "crossrole-assume-targets" },
    ]);
  });
  it("narrows the grant to the remaining targets", () => {
    const remaining = buildGrantPolicy(plan.targets.slice(1));
    expect(planBuildDestroy(plan.build, live, remaining)).toEqual([
      { kind: "PutUserPolicy", userName: "ci", policyName: "crossrole-assume-targets", policy: remaining },
    ]);
  });
  it("does nothing without a grant or a principal", () => {
    expect(
      planBuildDestroy(plan.build, { principalArn: plan.build.principalArn, exists: true }, undefined),
    ).toEqual([]);
    expect(
      planBuildDestroy(plan.build, { principalArn: plan.build.principalArn, exists: false }, undefined),
    ).toEqual([]);
  });
});
