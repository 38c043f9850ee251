import { describe, expect, it } from "vitest";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import { specSchema } from "../core/spec/spec-schema.js";
import { renderCloudFormation } from "./render-cloudformation.js";
import { renderPlanJson } from "./render-plan-json.js";
import { renderPlanText } from "./render-plan-text.js";
import { renderTerraform } from "./render-terraform.js";

// 200 accounts: the grant (~9,000 characters) is over a user's 2,048-character inline quota.
const accounts = Array.from({ length: 200 }, (_, i) => String(300000000000 + i));
const plan = buildAccessPlan(
  specSchema.parse({
    version: 1,
    region: "eu-west-1",
    build: { account: "222222222222", principal: "user/ci" },
    targets: {
      fleet: {
        accounts,
        role: "crossrole-build-role",
        externalIds: Object.fromEntries(accounts.map((a) => [a, `external-id-${a}`])),
      },
    },
  }),
  "crossrole.yaml",
);
const layout = plan.build.grantLayout;
if (layout.kind !== "managed") throw new Error("expected a managed layout");

describe("every plan format stores a grant over the inline quota as managed policies", () => {
  it("CloudFormation: one AWS::IAM::ManagedPolicy per part, attached to the user, together every role", () => {
    const file = renderCloudFormation(plan).find((f) => f.path.includes("222222222222"));
    const template = JSON.parse(file?.content ?? "{}");
    const resources = Object.values(template.Resources) as {
      Type: string;
      Properties: { ManagedPolicyName: string; Path: string; Users: string[]; PolicyDocument: unknown };
    }[];
    expect(resources).toHaveLength(layout.parts.length);
    expect(resources.map((r) => r.Type)).toEqual(layout.parts.map(() => "AWS::IAM::ManagedPolicy"));
    expect(resources.map((r) => r.Properties.ManagedPolicyName)).toEqual(
      layout.parts.map((p) => p.policyName),
    );
    for (const r of resources) {
      expect(r.Properties.Users).toEqual(["ci"]);
      expect(r.Properties.Path).toBe("/crossrole/");
      expect(JSON.stringify(r.Properties.PolicyDocument).length).toBeLessThanOrEqual(6144);
    }
    const all = resources.flatMap((r) =>
      (r.Properties.PolicyDocument as { Statement: { Resource: string[] }[] }).Statement.flatMap(
        (s) => s.Resource,
      ),
    );
    expect(all.sort()).toEqual(plan.targets.map((t) => t.roleArn).sort());
  });

  it("Terraform: aws_iam_policy and aws_iam_user_policy_attachment per part", () => {
    const file = renderTerraform(plan).find((f) => f.path.includes("222222222222"));
    const config = JSON.parse(file?.content ?? "{}");
    const ids = layout.parts.map((_, i) => `assume_targets_${i + 1}`);
    expect(Object.keys(config.resource.aws_iam_policy)).toEqual(ids);
    expect(config.resource.aws_iam_user_policy_attachment.assume_targets_1).toEqual({
      user: "ci",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the Terraform reference under test.
      policy_arn: "${aws_iam_policy.assume_targets_1.arn}",
    });
    expect(config.resource.aws_iam_user_policy).toBeUndefined();
  });

  it("text and JSON plans name the parts", () => {
    expect(renderPlanText(plan, [])).toContain(
      `stored as ${layout.parts.length} customer-managed policies (crossrole-assume-targets-1,`,
    );
    const json = JSON.parse(renderPlanJson(plan, []));
    expect(json.build.grantParts).toEqual(layout.parts.map((p) => p.policyArn));
  });
});
