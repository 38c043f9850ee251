import { describe, expect, it } from "vitest";
import { cleanSpec, seedSpec, twoAccountSpec } from "../../test/unit/support/access-specs.js";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import { renderCloudFormation } from "./render-cloudformation.js";

type Json = Record<string, unknown>;

/** Every Ref and Fn::GetAtt/Fn::Sub target in a template fragment. */
function references(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) references(item, found);
  else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "Ref" && typeof value === "string") found.push(value);
      else if (key === "Fn::GetAtt" && Array.isArray(value)) found.push(String(value[0]));
      else if (key === "Fn::Sub" && typeof value === "string") {
        for (const m of value.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}/g)) found.push(m[1] ?? "");
      } else references(value, found);
    }
  }
  return found;
}

const PSEUDO = new Set(["AWS::AccountId", "AWS::Partition", "AWS::Region", "AWS::StackName"]);

describe.each([
  ["seed", seedSpec],
  ["two-accounts", twoAccountSpec],
  ["clean", cleanSpec],
])("renderCloudFormation: %s", (_name, spec) => {
  const plan = buildAccessPlan(spec, "crossrole.yaml");
  const files = renderCloudFormation(plan);
  const templates = files.map((f) => ({ path: f.path, t: JSON.parse(f.content) as Json }));

  it("writes one template per target account plus one for BUILD", () => {
    const accounts = [...new Set(plan.targets.map((t) => t.account))];
    expect(files.map((f) => f.path)).toEqual([
      ...accounts.map((a) => `target-${a}.template.json`),
      `build-${plan.build.account}.template.json`,
    ]);
  });

  it.each(templates.map((x) => [x.path, x.t] as const))("%s is a well-formed template", (_path, t) => {
    expect(t.AWSTemplateFormatVersion).toBe("2010-09-09");
    expect(typeof t.Description).toBe("string");
    const resources = t.Resources as Record<string, Json>;
    expect(Object.keys(resources).length).toBeGreaterThan(0);
    const declared = new Set([
      ...Object.keys((t.Parameters as Json | undefined) ?? {}),
      ...Object.keys(resources),
    ]);
    for (const ref of references(t))
      expect(declared.has(ref) || PSEUDO.has(ref), `undeclared ${ref}`).toBe(true);
    for (const id of [...declared, ...Object.keys((t.Outputs as Json | undefined) ?? {})]) {
      expect(id).toMatch(/^[A-Za-z0-9]+$/);
    }
  });

  it("gives each target a role whose trust requires its ExternalId parameter", () => {
    for (const target of plan.targets) {
      const t = templates.find((x) => x.path === `target-${target.account}.template.json`)?.t ?? {};
      const roles = Object.values(t.Resources as Record<string, Json>).filter(
        (r) => r.Type === "AWS::IAM::Role",
      );
      const role = roles.find((r) => (r.Properties as Json).RoleName === target.roleName);
      const props = (role?.Properties ?? {}) as Json;
      expect(props).toMatchObject({ Path: target.rolePath, MaxSessionDuration: target.maxSessionDuration });
      const statement = (props.AssumeRolePolicyDocument as { Statement: Json[] }).Statement[0];
      expect(statement?.Principal).toEqual({ AWS: { Ref: "BuildPrincipalArn" } });
      const condition = (statement?.Condition ?? {}) as { StringEquals?: Json };
      const ref = condition.StringEquals?.["sts:ExternalId"] as { Ref: string };
      const parameter = (t.Parameters as Record<string, Json>)[ref.Ref];
      expect(parameter?.Default).toBe(target.externalIds.join(","));
      if (target.permissionPolicy) {
        expect(props.Policies).toEqual([
          { PolicyName: "crossrole-permissions", PolicyDocument: target.permissionPolicy },
        ]);
      }
      expect(props.Tags).toContainEqual({ Key: "managed-by", Value: "crossrole" });
    }
  });

  it("puts the exact grant in the BUILD template", () => {
    const t = templates.find((x) => x.path.startsWith("build-"))?.t ?? {};
    const [resource] = Object.values(t.Resources as Record<string, Json>);
    expect(((resource?.Properties ?? {}) as Json).PolicyDocument).toEqual(plan.build.grantPolicy);
    const expected = {
      user: { Type: "AWS::IAM::Policy", Properties: { Users: [plan.build.principalName] } },
      role: { Type: "AWS::IAM::Policy", Properties: { Roles: [plan.build.principalName] } },
      root: {
        Type: "AWS::IAM::ManagedPolicy",
        Properties: { ManagedPolicyName: "crossrole-assume-targets" },
      },
    }[plan.build.principalKind];
    expect(resource).toMatchObject(expected);
  });
});

describe("renderCloudFormation details", () => {
  it("uses a CommaDelimitedList parameter while two ExternalIds rotate", () => {
    const plan = buildAccessPlan(seedSpec, "x");
    const target = plan.targets[0];
    if (!target) throw new Error("no target");
    target.externalIds = ["new-id-0123456789", "old-id-0123456789"];
    const [file] = renderCloudFormation(plan);
    const parameter = (JSON.parse(file?.content ?? "{}") as { Parameters: Record<string, Json> }).Parameters
      .ExternalIdOurthing;
    expect(parameter).toMatchObject({
      Type: "CommaDelimitedList",
      Default: "new-id-0123456789,old-id-0123456789",
    });
  });

  it("attaches the grant to a role principal by name", () => {
    const spec = structuredClone(seedSpec);
    spec.build.principal = "role/ci/Builder";
    const files = renderCloudFormation(buildAccessPlan(spec, "x"));
    const template = JSON.parse(files.at(-1)?.content ?? "{}") as { Resources: Record<string, Json> };
    expect(Object.values(template.Resources)[0]).toMatchObject({
      Type: "AWS::IAM::Policy",
      Properties: { Roles: ["Builder"] },
    });
  });
});
