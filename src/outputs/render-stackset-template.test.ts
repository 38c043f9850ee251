import { describe, expect, it } from "vitest";
import { resolveTemplate } from "../../test/unit/support/resolve-template.js";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import { generateFleetExternalIds } from "../core/plan/fleet-external-ids.js";
import { selectTargets } from "../core/plan/select-targets.js";
import { type AccessSpec, specSchema } from "../core/spec/spec-schema.js";
import { orderPolicy } from "./render-plan-json.js";
import {
  renderOuStackSetTemplate,
  renderStackSetTemplate,
  stackSetName,
} from "./render-stackset-template.js";
import { setSpecFleetExternalIds } from "./spec-file/edit-spec-fleet-external-ids.js";

const spec: AccessSpec = specSchema.parse({
  version: 1,
  region: "eu-west-1",
  build: { account: "222222222222", principal: "user/ci" },
  targets: {
    fleet: {
      accounts: ["111111111111", "333333333333"],
      role: "BuildRole",
      externalIds: {
        "111111111111": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "333333333333": "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
      },
      permissions: { ecr: { push: ["team/app"] } },
    },
    single: { account: "444444444444", role: "Other", externalId: "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC" },
  },
});

describe("multi-account targets", () => {
  it("expand to one TargetPlan per account, GROUP-ACCOUNT, with its own ExternalId", () => {
    const plan = buildAccessPlan(spec, "crossrole.yaml");
    expect(plan.targets.map((t) => [t.name, t.group, t.externalIds])).toEqual([
      ["fleet-111111111111", "fleet", ["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]],
      ["fleet-333333333333", "fleet", ["BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"]],
      ["single", undefined, ["CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"]],
    ]);
    expect(plan.targets[1]?.roleArn).toBe("arn:aws:iam::333333333333:role/BuildRole");
    expect(selectTargets(plan, ["fleet"]).targets).toHaveLength(2);
    expect(selectTargets(plan, ["fleet-333333333333"]).targets).toHaveLength(1);
  });

  it("schema: exactly one of account/accounts/organizationalUnits; externalIds only with accounts", () => {
    const base = {
      version: 1,
      region: "eu-west-1",
      build: { account: "222222222222", principal: "user/ci" },
    };
    const bad = (target: unknown) => specSchema.safeParse({ ...base, targets: { t: target } }).success;
    expect(bad({ account: "111111111111", accounts: ["111111111111"], role: "R" })).toBe(false);
    expect(bad({ role: "R" })).toBe(false);
    expect(bad({ accounts: ["111111111111"], externalId: "AAAAAAAAAA", role: "R" })).toBe(false);
    expect(
      bad({ accounts: ["111111111111"], externalIds: { "999999999999": "AAAAAAAAAA" }, role: "R" }),
    ).toBe(false);
    expect(bad({ organizationalUnits: ["ou-ab12-34cd56ef"], role: "R" })).toBe(true);
  });

  it("StackSet template: account-independent, ExternalId as a per-account override", () => {
    const plan = buildAccessPlan(spec, "crossrole.yaml");
    const members = plan.targets.filter((t) => t.group === "fleet");
    const t = renderStackSetTemplate(plan, "fleet", members);
    expect(t.externalIdParameter).toBe("ExternalIdFleet");
    expect(t.overrides.get("333333333333")).toBe("BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
    expect(t.templateBody).not.toContain("111111111111");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder, not JavaScript.
    expect(t.templateBody).toContain("${AWS::AccountId}");
    expect(JSON.parse(t.templateBody).Parameters.ExternalIdFleet.Default).toBe("!");
    expect(stackSetName("my_fleet")).toBe("crossrole-my-fleet");
  });

  it("generates a distinct ID per missing account and writes them in place, comments kept", () => {
    const open = specSchema.parse({
      ...spec,
      targets: { fleet: { accounts: ["111111111111", "333333333333"], role: "R" } },
    });
    let n = 0;
    const additions = generateFleetExternalIds(open, (k) => Uint8Array.from({ length: k }, () => n++ % 62));
    const ids = Object.values(additions.fleet ?? {});
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    const text = '# top\ntargets:\n  fleet: # the fleet\n    accounts: ["111111111111"]\n    role: R\n';
    const out = setSpecFleetExternalIds(text, "crossrole.yaml", {
      fleet: { "111111111111": "X".repeat(32) },
    });
    expect(out).toContain("# top");
    expect(out).toContain("# the fleet");
    expect(out).toContain(`"111111111111": ${"X".repeat(32)}`);
  });
});

/** Permissions naming resources of the FIRST account (a KMS key, an SSM parameter) next to per-account ECR ARNs. */
const KEY = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const PARAMETER = "arn:aws:ssm:eu-west-1:111111111111:parameter/build/token";
const namingFirstAccount = {
  ecr: { push: ["team/app"], pull: ["base/image"] },
  s3: { read: ["artefacts/builds/"], kmsKeyArns: [KEY] },
  statements: [
    {
      Effect: "Allow",
      Action: "ssm:GetParameter",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, which the template must keep as written.
      Resource: [PARAMETER, "arn:aws:ssm:*:*:parameter/${aws:username}"],
    },
  ],
};

describe("StackSet templates deploy exactly the plan of every account", () => {
  /** The role of a StackSet template as CloudFormation deploys it in `account`. */
  function deployed(body: string, account: string, parameters: Record<string, string>, list: string[] = []) {
    const template = JSON.parse(body) as {
      Parameters: Record<string, { Default?: string }>;
      Resources: object;
    };
    const values = {
      ...Object.fromEntries(Object.entries(template.Parameters).map(([k, p]) => [k, p.Default ?? ""])),
      ...parameters,
    };
    const resources = resolveTemplate(template.Resources, {
      account,
      parameters: values,
      listParameters: list,
    }) as Record<string, { Properties: Record<string, unknown> }>;
    const [role] = Object.values(resources);
    if (role === undefined) throw new Error("no role");
    return role.Properties as {
      RoleName: string;
      AssumeRolePolicyDocument: unknown;
      Policies: { PolicyDocument: unknown }[];
    };
  }

  it.each([
    ["one ExternalId per account", false],
    ["a rotation window (two per account)", true],
  ])("accounts: %s", (_, rotating) => {
    const accounts = ["111111111111", "333333333333", "444444444444"];
    const fleetSpec = specSchema.parse({
      ...spec,
      targets: {
        fleet: {
          accounts,
          role: "BuildRole",
          externalIds: Object.fromEntries(
            accounts.map((a) => [
              a,
              rotating ? [`new-${a}-AAAAAAAAAA`, `old-${a}-AAAAAAAAAA`] : `id-${a}-AAAAAAAAAA`,
            ]),
          ),
          permissions: namingFirstAccount,
        },
      },
    });
    const plan = buildAccessPlan(fleetSpec, "crossrole.yaml");
    const t = renderStackSetTemplate(plan, "fleet", plan.targets);
    for (const member of plan.targets) {
      const role = deployed(
        t.templateBody,
        member.account,
        { [t.externalIdParameter]: t.overrides.get(member.account) ?? "" },
        rotating ? [t.externalIdParameter] : [],
      );
      expect(role.RoleName).toBe(member.roleName);
      expect(role.AssumeRolePolicyDocument).toEqual(orderPolicy(member.trustPolicy));
      expect(role.Policies[0]?.PolicyDocument, member.account).toEqual(
        orderPolicy(member.permissionPolicy ?? { Version: "2012-10-17", Statement: [] }),
      );
    }
    // The KMS key and the SSM parameter stay in the first account, in every account's role.
    expect(t.templateBody).toContain(KEY);
    expect(t.templateBody).toContain(PARAMETER);
  });

  it("organizationalUnits: every deployed account, ExternalId <prefix>-<account>", () => {
    const ouSpec = specSchema.parse({
      ...spec,
      targets: {
        org: {
          organizationalUnits: ["ou-ab12-34cd56ef"],
          role: "/ci/BuildRole",
          externalIdPrefix: "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
          deployedAccounts: ["111111111111", "333333333333"],
          permissions: namingFirstAccount,
        },
      },
    });
    const plan = buildAccessPlan(ouSpec, "crossrole.yaml");
    const target = plan.organizationalUnitTargets?.[0];
    if (target === undefined) throw new Error("no OU target");
    const t = renderOuStackSetTemplate(plan, target);
    for (const member of plan.targets) {
      const role = deployed(t.templateBody, member.account, {
        [t.prefixParameter]: "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
      });
      expect(role.AssumeRolePolicyDocument).toEqual(orderPolicy(member.trustPolicy));
      expect(role.Policies[0]?.PolicyDocument, member.account).toEqual(
        orderPolicy(member.permissionPolicy ?? { Version: "2012-10-17", Statement: [] }),
      );
    }
  });
});
