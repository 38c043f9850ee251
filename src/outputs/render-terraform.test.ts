import { describe, expect, it } from "vitest";
import { cleanSpec, seedSpec, twoAccountSpec } from "../../test/unit/support/access-specs.js";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import type { PolicyDocument } from "../core/plan/policy-document.js";
import { renderTerraform } from "./render-terraform.js";

type Json = Record<string, unknown>;

/**
 * The arguments each resource type crossrole writes accepts, from the hashicorp/aws provider docs (v5): required
 * ones first. Meta-arguments (count, for_each, depends_on, provider, lifecycle) are allowed everywhere.
 */
const RESOURCE_ARGUMENTS: Record<string, { required: string[]; optional: string[] }> = {
  aws_iam_role: {
    required: ["assume_role_policy"],
    optional: [
      "name",
      "name_prefix",
      "path",
      "description",
      "max_session_duration",
      "permissions_boundary",
      "force_detach_policies",
      "tags",
      "inline_policy",
      "managed_policy_arns",
    ],
  },
  aws_iam_role_policy: { required: ["role", "policy"], optional: ["name", "name_prefix"] },
  aws_iam_role_policy_attachment: { required: ["role", "policy_arn"], optional: [] },
  aws_iam_user_policy: { required: ["user", "policy"], optional: ["name", "name_prefix"] },
  aws_iam_policy: { required: ["policy"], optional: ["name", "name_prefix", "path", "description", "tags"] },
};
const META_ARGUMENTS = ["count", "for_each", "depends_on", "provider", "lifecycle"];
const NAME = /^[a-zA-Z_][a-zA-Z0-9_-]*$/;

/** Every `${…}` interpolation in the configuration's strings (`$${` is an escaped literal). */
function interpolations(node: unknown, found: string[] = []): string[] {
  if (typeof node === "string") {
    for (const m of node.matchAll(/(?<!\$)\$\{([^}]*)\}/g)) found.push(m[1] ?? "");
  } else if (Array.isArray(node)) for (const item of node) interpolations(item, found);
  else if (node !== null && typeof node === "object")
    for (const v of Object.values(node)) interpolations(v, found);
  return found;
}

/** Renders a policy string as Terraform would: variables substituted, `$${` unescaped. */
function evaluate(template: string, variables: Record<string, Json>): PolicyDocument {
  const text = template
    .replace(/(?<!\$)\$\{jsonencode\(var\.([A-Za-z0-9_-]+)\)\}/g, (_m, v: string) =>
      JSON.stringify(variables[v]?.default),
    )
    .replace(/\$\$\{/g, "${")
    .replace(/%%\{/g, "%{");
  return JSON.parse(text) as PolicyDocument;
}

describe.each([
  ["seed", seedSpec],
  ["two-accounts", twoAccountSpec],
  ["clean", cleanSpec],
])("renderTerraform: %s", (_name, spec) => {
  const plan = buildAccessPlan(spec, "crossrole.yaml");
  const files = renderTerraform(plan).map((f) => ({ path: f.path, config: JSON.parse(f.content) as Json }));

  it("writes one root module per account", () => {
    const accounts = [...new Set(plan.targets.map((t) => t.account))];
    expect(files.map((f) => f.path)).toEqual([
      ...accounts.map((a) => `target-${a}/main.tf.json`),
      `build-${plan.build.account}/main.tf.json`,
    ]);
  });

  it.each(files.map((f) => [f.path, f.config] as const))("%s uses only known arguments", (path, config) => {
    expect(config.terraform).toEqual({
      required_providers: { aws: { source: "hashicorp/aws", version: ">= 5.0" } },
    });
    const account = /(\d{12})/.exec(path)?.[1];
    expect((config.provider as Json).aws).toMatchObject({ allowed_account_ids: [account] });
    for (const [type, blocks] of Object.entries(config.resource as Record<string, Record<string, Json>>)) {
      const known = RESOURCE_ARGUMENTS[type];
      expect(known, `unknown resource type ${type}`).toBeDefined();
      for (const [name, block] of Object.entries(blocks)) {
        expect(name).toMatch(NAME);
        for (const arg of Object.keys(block)) {
          expect([...(known?.required ?? []), ...(known?.optional ?? []), ...META_ARGUMENTS]).toContain(arg);
        }
        for (const arg of known?.required ?? []) expect(block, `${type}.${name}`).toHaveProperty(arg);
      }
    }
    for (const section of ["variable", "output"]) {
      for (const name of Object.keys((config[section] as Json | undefined) ?? {})) expect(name).toMatch(NAME);
    }
  });

  it.each(files.map((f) => [f.path, f.config] as const))(
    "%s interpolates only what it declares",
    (_path, config) => {
      const variables = new Set(Object.keys((config.variable as Json | undefined) ?? {}));
      const resources = config.resource as Record<string, Json>;
      for (const expr of interpolations(config)) {
        const variable = /^(?:jsonencode\()?var\.([A-Za-z0-9_-]+)\)?$/.exec(expr);
        const resource = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.(?:id|name|arn)$/.exec(expr);
        if (variable) expect(variables.has(variable[1] ?? "")).toBe(true);
        else if (resource) expect(resources[resource[1] ?? ""]?.[resource[2] ?? ""]).toBeDefined();
        else throw new Error(`unexpected interpolation \${${expr}}`);
      }
    },
  );

  it("evaluates to the planned trust and permission policies", () => {
    for (const target of plan.targets) {
      const config = files.find((f) => f.path === `target-${target.account}/main.tf.json`)?.config ?? {};
      const variables = config.variable as Record<string, Json>;
      const resource = config.resource as Record<string, Record<string, Json>>;
      const role = Object.values(resource.aws_iam_role ?? {}).find((r) => r.name === target.roleName);
      expect(evaluate(String(role?.assume_role_policy), variables)).toEqual(target.trustPolicy);
      if (target.permissionPolicy) {
        const inline = Object.values(resource.aws_iam_role_policy ?? {}).find((p) =>
          String(p.role).includes(
            `${Object.keys(resource.aws_iam_role ?? {}).find((k) => resource.aws_iam_role?.[k] === role)}.`,
          ),
        );
        expect(evaluate(String(inline?.policy), variables)).toEqual(target.permissionPolicy);
      }
    }
  });
});

describe("renderTerraform details", () => {
  it("keeps IAM policy variables literal", () => {
    const spec = structuredClone(twoAccountSpec);
    const target = spec.targets.theirthing;
    if (target?.permissions?.statements) {
      target.permissions.statements[0] = {
        Effect: "Allow",
        Action: "s3:GetObject",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, literal on purpose
        Resource: "arn:aws:s3:::home/${aws:username}/*",
      };
    }
    const file = renderTerraform(buildAccessPlan(spec, "x")).find((f) => f.path.startsWith("target-333"));
    expect(file?.content).toContain("home/$${aws:username}/*");
  });

  it("attaches the grant inline to a user principal", () => {
    const build = renderTerraform(buildAccessPlan(twoAccountSpec, "x")).at(-1);
    const config = JSON.parse(build?.content ?? "{}") as { resource: Json };
    expect(Object.keys(config.resource)).toEqual(["aws_iam_user_policy"]);
    expect(config.resource.aws_iam_user_policy).toMatchObject({
      assume_targets: { name: "crossrole-assume-targets-team-web", user: "ci-builder" },
    });
  });

  it("makes target names with hyphens into valid block names", () => {
    const config = JSON.parse(renderTerraform(buildAccessPlan(twoAccountSpec, "x"))[0]?.content ?? "{}") as {
      resource: { aws_iam_role: Json };
      variable: Json;
    };
    expect(Object.keys(config.resource.aws_iam_role)).toEqual(["ourthing", "ourthing_docs"]);
    expect(Object.keys(config.variable)).toContain("external_id_ourthing_docs");
  });
});
