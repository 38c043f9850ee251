import { describe, expect, it } from "vitest";
import { buildAccessPlan } from "../plan/build-access-plan.js";
import type { AccessSpec } from "../spec/spec-schema.js";
import { diffBuild, diffTarget, explainOrphanedPrincipal } from "./diff-access.js";
import type { LiveRole } from "./live-state.js";

const spec: AccessSpec = {
  version: 1,
  region: "eu-west-1",
  build: { account: "222222222222", principal: "user/ci" },
  targets: {
    ourthing: {
      account: "111111111111",
      role: "OurThingBuildRole",
      externalId: "ext-0123456789",
      permissions: { ecr: { push: ["app"] }, managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
      tags: { team: "web" },
    },
  },
};
const plan = buildAccessPlan(spec, "crossrole.yaml");
const target = plan.targets[0] as (typeof plan.targets)[number];

/** The live role exactly as crossrole would have written it. */
function liveRole(overrides: Partial<LiveRole> = {}): LiveRole {
  return {
    roleName: target.roleName,
    path: "/",
    arn: target.roleArn,
    roleId: "AROAEXAMPLEROLEID0001",
    description: target.description as string,
    maxSessionDuration: target.maxSessionDuration,
    trustPolicy: target.trustPolicy,
    tags: { ...target.tags },
    inlinePolicyNames: ["crossrole-permissions"],
    permissionPolicy: target.permissionPolicy as NonNullable<typeof target.permissionPolicy>,
    attachedPolicyArns: [...target.managedPolicyArns],
    ...overrides,
  };
}

describe("diffTarget", () => {
  it("a missing role is to be created", () => {
    const diff = diffTarget(target, { target: "ourthing" });
    expect(diff.status).toBe("create");
    expect(diff.managedPolicies.attach).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
  });

  it("a role as written is in sync, whatever other tags and inline policies it has", () => {
    const diff = diffTarget(target, {
      target: "ourthing",
      role: liveRole({
        tags: { ...target.tags, "cost-center": "42" },
        inlinePolicyNames: ["crossrole-permissions", "AWSRevokeOlderSessions"],
      }),
    });
    expect(diff.status).toBe("in-sync");
    expect(diff.foreignInlinePolicies).toEqual(["AWSRevokeOlderSessions"]);
  });

  it.each<[string, Partial<LiveRole>, (d: ReturnType<typeof diffTarget>) => unknown, unknown]>([
    [
      "MaxSessionDuration changed",
      { maxSessionDuration: 43200 },
      (d) => d.maxSessionDuration,
      { live: 43200, desired: 3600 },
    ],
    [
      "description changed",
      { description: "x" },
      (d) => d.description,
      { live: "x", desired: target.description },
    ],
    [
      "description removed",
      { description: undefined } as unknown as Partial<LiveRole>,
      (d) => d.description,
      { desired: target.description },
    ],
    [
      "a crossrole tag changed",
      { tags: { ...target.tags, team: "ops" } },
      (d) => d.tags,
      [{ key: "team", live: "ops", desired: "web" }],
    ],
    [
      "a managed policy detached",
      { attachedPolicyArns: [] },
      (d) => d.managedPolicies,
      { attach: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], detach: [] },
    ],
    [
      "an extra managed policy attached",
      {
        attachedPolicyArns: [
          "arn:aws:iam::aws:policy/ReadOnlyAccess",
          "arn:aws:iam::aws:policy/AdministratorAccess",
        ],
      },
      (d) => d.managedPolicies,
      { attach: [], detach: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
    ],
    [
      "permission policy deleted",
      { permissionPolicy: undefined, inlinePolicyNames: [] } as unknown as Partial<LiveRole>,
      (d) => d.permissions.missing.length,
      target.permissionPolicy?.Statement.length,
    ],
  ])("%s", (_label, overrides, pick, expected) => {
    const diff = diffTarget(target, { target: "ourthing", role: liveRole(overrides) });
    expect(diff.status).toBe("update");
    expect(pick(diff)).toEqual(expected);
  });

  it("a role without managed-by=crossrole is unmanaged, with its differences", () => {
    const { "managed-by": _, ...tags } = target.tags;
    const diff = diffTarget(target, {
      target: "ourthing",
      role: liveRole({ tags, maxSessionDuration: 7200 }),
    });
    expect(diff.status).toBe("unmanaged");
    expect(diff.tags).toEqual([{ key: "managed-by", desired: "crossrole" }]);
    expect(diff.maxSessionDuration).toEqual({ live: 7200, desired: 3600 });
  });

  it("detects a trust principal shown as a raw unique ID (R16) and explains the fix", () => {
    const trustPolicy = structuredClone(target.trustPolicy);
    (trustPolicy.Statement[0] as { Principal: unknown }).Principal = { AWS: "AIDAEXAMPLEUSERID0001" };
    const diff = diffTarget(target, { target: "ourthing", role: liveRole({ trustPolicy }) });
    expect(diff.status).toBe("update");
    expect(diff.orphanedPrincipals).toEqual(["AIDAEXAMPLEUSERID0001"]);
    const text = explainOrphanedPrincipal("AIDAEXAMPLEUSERID0001", plan.build.principalArn);
    expect(text).toMatch(/deleted user/);
    expect(text).toMatch(/re-created/);
    expect(text).toContain("arn:aws:iam::222222222222:user/ci exists, then run crossrole apply");
  });
});

describe("diffBuild", () => {
  it.each([
    ["no grant yet", { exists: true }, "create"],
    ["grant as planned", { exists: true, grantPolicy: plan.build.grantPolicy }, "in-sync"],
    [
      "grant on another role",
      {
        exists: true,
        grantPolicy: {
          Version: "2012-10-17" as const,
          Statement: [{ Effect: "Allow" as const, Action: "sts:AssumeRole", Resource: "*" }],
        },
      },
      "update",
    ],
    ["principal missing", { exists: false }, "missing-principal"],
  ])("%s", (_label, live, status) => {
    expect(diffBuild(plan.build, { principalArn: plan.build.principalArn, ...live }).status).toBe(status);
  });

  it("the account root is not applicable", () => {
    const rootPlan = buildAccessPlan({ ...spec, build: { account: "222222222222", principal: "root" } }, "x");
    expect(
      diffBuild(rootPlan.build, { principalArn: rootPlan.build.principalArn, exists: true }).status,
    ).toBe("not-applicable");
  });
});
