import { describe, expect, it } from "vitest";
import { diffBuild, diffTarget } from "../core/diff/diff-access.js";
import { planBuildChanges, planTargetChanges } from "../core/diff/plan-changes.js";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import type { PolicyDocument } from "../core/plan/policy-document.js";
import type { AccessSpec } from "../core/spec/spec-schema.js";
import { type DiffView, renderDiffJson, renderDiffText } from "./render-diff.js";
import { ansiStyle, stripStyle } from "./style.js";

const spec: AccessSpec = {
  version: 1,
  region: "eu-west-1",
  build: { account: "222222222222", principal: "user/ci" },
  targets: { ourthing: { account: "111111111111", role: "OurThingBuildRole", externalId: "ext-0123456789" } },
};
const plan = buildAccessPlan(spec, "crossrole.yaml");
const target = plan.targets[0] as (typeof plan.targets)[number];

function view(trustPolicy: PolicyDocument, maxSessionDuration = 3600): DiffView {
  const live = {
    target: "ourthing",
    role: {
      roleName: target.roleName,
      path: "/",
      arn: target.roleArn,
      roleId: "AROAEXAMPLE0000000001",
      description: target.description as string,
      maxSessionDuration,
      trustPolicy,
      tags: { ...target.tags },
      inlinePolicyNames: [],
      attachedPolicyArns: [],
    },
  };
  const diff = diffTarget(target, live);
  const buildDiff = diffBuild(plan.build, {
    principalArn: plan.build.principalArn,
    exists: true,
    grantPolicy: plan.build.grantPolicy,
  });
  return {
    targets: [{ state: { plan: target }, diff, calls: planTargetChanges(target, diff) }],
    build: {
      state: { plan: plan.build },
      diff: buildDiff,
      calls: planBuildChanges(plan.build, buildDiff),
      createUser: false,
    },
  };
}

describe("renderDiffText", () => {
  it("in sync", () => {
    expect(renderDiffText(view(target.trustPolicy))).toBe(
      [
        "target ourthing: arn:aws:iam::111111111111:role/OurThingBuildRole",
        "  = in sync",
        "BUILD user arn:aws:iam::222222222222:user/ci (account 222222222222)",
        "  = grant crossrole-assume-targets in sync",
        "",
      ].join("\n"),
    );
  });

  it("per statement: ExternalId values, principals, extra statements, MaxSessionDuration; and the IAM calls", () => {
    const live: PolicyDocument = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AssumeFromBuild",
          Effect: "Allow",
          Principal: { AWS: "AIDAEXAMPLEUSERID0001" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": ["ext-0123456789", "old-id-1"] } },
        },
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::333333333333:root" }, Action: "sts:AssumeRole" },
      ],
    };
    const text = renderDiffText(view(live, 43200), { showCalls: true });
    expect(text).toBe(
      [
        "target ourthing: arn:aws:iam::111111111111:role/OurThingBuildRole",
        "  ~ differs from the spec:",
        "    ~ trust policy:",
        '        ~ statement "AssumeFromBuild":',
        "            + Principal: AWS:arn:aws:iam::222222222222:user/ci",
        "            - Principal: AWS:AIDAEXAMPLEUSERID0001",
        "            - sts:ExternalId (StringEquals): old-id-1  (accepted live, not in the spec)",
        "        - statement (live, not in the spec): Allow; principal AWS:arn:aws:iam::333333333333:root; action sts:AssumeRole",
        "    ! the trust policy names AIDAEXAMPLEUSERID0001, the unique ID of a deleted user: the BUILD principal was deleted (and perhaps re-created), so IAM no longer resolves it and the trust silently stopped working. Re-saving the trust policy with the ARN fixes it: make sure arn:aws:iam::222222222222:user/ci exists, then run crossrole apply.",
        "    ~ MaxSessionDuration: 43200 -> 3600",
        "  IAM calls: UpdateAssumeRolePolicy OurThingBuildRole, UpdateRole OurThingBuildRole (MaxSessionDuration 3600, Description)",
        "BUILD user arn:aws:iam::222222222222:user/ci (account 222222222222)",
        "  = grant crossrole-assume-targets in sync",
        "",
      ].join("\n"),
    );
  });

  it("a removed ExternalId condition is called out", () => {
    const { Condition: _, ...statement } = target.trustPolicy.Statement[0] as NonNullable<
      PolicyDocument["Statement"][0]
    >;
    const text = renderDiffText(view({ Version: "2012-10-17", Statement: [statement] }));
    expect(text).toContain(
      "+ sts:ExternalId (StringEquals): ext-0123456789  (required by the spec, missing live)",
    );
    expect(text).toContain("anyone the principal admits may assume the role without it");
  });
});

describe("renderDiffJson", () => {
  it("is stable JSON with the status, the structured diff and the calls apply would make", () => {
    const json = JSON.parse(renderDiffJson(view(target.trustPolicy, 7200), true));
    expect(json).toMatchObject({
      formatVersion: 1,
      drift: true,
      targets: [
        {
          target: "ourthing",
          status: "update",
          applyCalls: ["UpdateRole OurThingBuildRole (MaxSessionDuration 3600, Description)"],
        },
      ],
      build: { status: "in-sync", applyCalls: [] },
    });
    expect(json.targets[0].diff.maxSessionDuration).toEqual({ live: 7200, desired: 3600 });
  });
});

describe("renderDiffText: a role to create", () => {
  const withPermissions = buildAccessPlan(
    {
      ...spec,
      targets: {
        ourthing: {
          ...spec.targets.ourthing,
          permissions: {
            ecr: { push: ["ourthing/app"] },
            s3: { read: ["arn:aws:s3:::ourthing-artifacts/*"] },
          },
        },
      },
    } as AccessSpec,
    "crossrole.yaml",
  );
  const created = withPermissions.targets[0] as (typeof withPermissions.targets)[number];
  const diff = diffTarget(created, { target: "ourthing" });
  const preview: DiffView = {
    targets: [{ state: { plan: created }, diff, calls: planTargetChanges(created, diff) }],
  };

  it("lists each permission statement's actions and resources, as an update lists changed ones", () => {
    const text = renderDiffText(preview, { showCalls: true });
    for (const statement of created.permissionPolicy?.Statement ?? []) {
      const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      const line = text.split("\n").find((l) => l.includes(`+ statement: "${statement.Sid}"`));
      expect(line, text).toBeDefined();
      for (const a of actions) expect(line).toContain(a);
      for (const r of resources) expect(line).toContain(r);
    }
  });

  it("colours + lines green and the heading bold, and only with a colour style", () => {
    const plain = renderDiffText(preview, { showCalls: true });
    const coloured = renderDiffText(preview, { showCalls: true, style: ansiStyle });
    expect(plain).not.toContain("\x1b[");
    expect(coloured).toContain(`\x1b[1mtarget ourthing: ${created.roleArn}\x1b[22m`);
    expect(coloured).toContain("\n        \x1b[32m+ statement: ");
    expect(stripStyle(coloured)).toBe(plain);
  });
});
