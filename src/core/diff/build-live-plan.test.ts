import { describe, expect, it } from "vitest";
import { lintPlan } from "../lint/lint-plan.js";
import { buildAccessPlan } from "../plan/build-access-plan.js";
import { parseSpec } from "../spec/parse-spec.js";
import { buildLivePlan } from "./build-live-plan.js";

const plan = buildAccessPlan(
  parseSpec(
    `version: 1
region: eu-west-1
build: { account: "222222222222", principal: user/ci }
targets:
  web:
    account: "111111111111"
    role: WebBuild
    externalId: Xq7Lm2Rz9Kp4Vt8Wn3Bc6Df1Gh5Jk0YaTe2Su7Qi
    permissions: { ecr: { push: [web/app] } }
`,
    "s.yaml",
  ),
  "s.yaml",
);
const planned = plan.targets[0] as NonNullable<(typeof plan.targets)[0]>;
const role = {
  roleName: "WebBuild",
  path: "/",
  arn: planned.roleArn,
  roleId: "AROAEXAMPLE",
  maxSessionDuration: 3600,
  trustPolicy: planned.trustPolicy,
  tags: planned.tags,
  inlinePolicyNames: ["crossrole-permissions"],
  attachedPolicyArns: [],
};

describe("buildLivePlan", () => {
  it("live documents equal to the plan lint like the plan", () => {
    const live = buildLivePlan(
      plan,
      [
        {
          plan: planned,
          role,
          inlinePolicies: {
            "crossrole-permissions": planned.permissionPolicy ?? { Version: "2012-10-17", Statement: [] },
          },
        },
      ],
      plan.build.grantPolicy,
    );
    expect(lintPlan(live)).toEqual(lintPlan(plan));
  });

  it("lints what is live: a trust without ExternalId, every inline policy, a missing grant", () => {
    const live = buildLivePlan(
      plan,
      [
        {
          plan: planned,
          role: {
            ...role,
            trustPolicy: {
              Version: "2012-10-17",
              Statement: [
                { Effect: "Allow", Principal: { AWS: plan.build.principalArn }, Action: "sts:AssumeRole" },
              ],
            },
            attachedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
          },
          inlinePolicies: {
            extra: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
          },
        },
      ],
      null,
    );
    expect(live.targets[0]?.externalIds).toEqual([]);
    const ids = lintPlan(live).map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "external-id-missing",
        "permission-action-wildcard",
        "permission-managed-admin",
        "grant-missing-target",
      ]),
    );
  });

  it("an unread grant keeps the planned one", () => {
    expect(buildLivePlan(plan, [], undefined).build).toBe(plan.build);
  });
});
