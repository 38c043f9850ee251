import { describe, expect, it } from "vitest";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import { generateOuExternalIdPrefixes } from "../core/plan/fleet-external-ids.js";
import { selectTargets } from "../core/plan/select-targets.js";
import { ouExternalId } from "../core/spec/ou-external-id.js";
import { type AccessSpec, specSchema } from "../core/spec/spec-schema.js";
import { renderOuStackSetTemplate } from "./render-stackset-template.js";
import { setSpecOuTargets } from "./spec-file/edit-spec-ou-targets.js";

const PREFIX = "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP";
const spec: AccessSpec = specSchema.parse({
  version: 1,
  region: "eu-west-1",
  build: { account: "222222222222", principal: "user/ci" },
  targets: {
    org: {
      organizationalUnits: ["ou-ab12-34cd56ef"],
      role: "/ci/BuildRole",
      externalIdPrefix: PREFIX,
      deployedAccounts: ["111111111111", "333333333333"],
      permissions: { ecr: { push: ["team/app"] } },
    },
    single: { account: "444444444444", role: "Other", externalId: "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC" },
  },
});

describe("organizationalUnits targets", () => {
  it("expand to one TargetPlan per deployed account, with ExternalId <prefix>-<account>", () => {
    const plan = buildAccessPlan(spec, "crossrole.yaml");
    expect(plan.targets.map((t) => [t.name, t.group, t.externalIds])).toEqual([
      ["org-111111111111", "org", [`${PREFIX}-111111111111`]],
      ["org-333333333333", "org", [`${PREFIX}-333333333333`]],
      ["single", undefined, ["CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"]],
    ]);
    expect(plan.targets[1]?.roleArn).toBe("arn:aws:iam::333333333333:role/ci/BuildRole");
    expect(plan.organizationalUnitTargets?.[0]?.deployedAccounts).toEqual(["111111111111", "333333333333"]);
    // The BUILD grant names exactly the deployed accounts' roles.
    expect(plan.build.grantPolicy.Statement[0]?.Resource).toEqual([
      "arn:aws:iam::111111111111:role/ci/BuildRole",
      "arn:aws:iam::333333333333:role/ci/BuildRole",
      "arn:aws:iam::444444444444:role/Other",
    ]);
    expect(selectTargets(plan, ["org"]).targets).toHaveLength(2);
    expect(selectTargets(plan, ["org"]).organizationalUnitTargets).toHaveLength(1);
  });

  it("before the first rollout there are no accounts, only the OU target", () => {
    const fresh = specSchema.parse({
      ...spec,
      targets: { org: { organizationalUnits: ["ou-ab12-34cd56ef"], role: "BuildRole" } },
    });
    const plan = buildAccessPlan(fresh, "crossrole.yaml");
    expect(plan.targets).toEqual([]);
    expect(plan.organizationalUnitTargets?.[0]?.externalIdPrefix).toBeUndefined();
  });

  it("the template derives each account's ExternalId in CloudFormation (Fn::Sub of prefix and account ID)", () => {
    const plan = buildAccessPlan(spec, "crossrole.yaml");
    const target = plan.organizationalUnitTargets?.[0];
    if (target === undefined) throw new Error("no OU target");
    const { templateBody, prefixParameter } = renderOuStackSetTemplate(plan, target);
    const template = JSON.parse(templateBody);
    expect(prefixParameter).toBe("ExternalIdPrefixOrg");
    expect(template.Parameters.ExternalIdPrefixOrg).toMatchObject({ Type: "String", Default: "!" });
    expect(Object.keys(template.Parameters).filter((k) => k.startsWith("ExternalId"))).toEqual([
      "ExternalIdPrefixOrg",
    ]);
    const trust = template.Resources.RoleOrg.Properties.AssumeRolePolicyDocument;
    expect(trust.Statement[0].Condition.StringEquals["sts:ExternalId"]).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the CloudFormation expression under test.
      "Fn::Sub": "${ExternalIdPrefixOrg}-${AWS::AccountId}",
    });
    expect(trust.Statement[0].Principal).toEqual({ AWS: { Ref: "BuildPrincipalArn" } });
    // No target account ID (neither the placeholder nor a deployed one) is left in the template.
    expect(templateBody).not.toMatch(/000000000000|111111111111|333333333333/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the CloudFormation expression under test.
    expect(templateBody).toContain(":${AWS::AccountId}:repository/team/app");
    // Nothing depends on which accounts are deployed: the template is the same before the first rollout.
    const fresh = buildAccessPlan(
      specSchema.parse({
        ...spec,
        targets: { ...spec.targets, org: { ...spec.targets.org, deployedAccounts: undefined } },
      }),
      "crossrole.yaml",
    );
    const freshTarget = fresh.organizationalUnitTargets?.[0];
    if (freshTarget === undefined) throw new Error("no OU target");
    expect(renderOuStackSetTemplate(fresh, freshTarget).templateBody).toBe(templateBody);
  });

  it("a generated prefix is 40 characters, unique, and only for OU targets without one", () => {
    const bare = specSchema.parse({
      ...spec,
      targets: {
        a: { organizationalUnits: ["ou-ab12-34cd56ef"], role: "R" },
        b: { organizationalUnits: ["ou-ab12-34cd56ff"], role: "R", externalIdPrefix: PREFIX },
        c: { organizationalUnits: ["ou-ab12-34cd56aa"], role: "R" },
      },
    });
    let n = 0;
    const prefixes = generateOuExternalIdPrefixes(bare, (size) => new Uint8Array(size).fill(n++));
    expect(Object.keys(prefixes)).toEqual(["a", "c"]);
    expect(prefixes.a).toHaveLength(40);
    expect(prefixes.a).not.toBe(prefixes.c);
    expect(generateOuExternalIdPrefixes(bare, (size) => new Uint8Array(size), ["b"])).toEqual({});
    expect(ouExternalId("p", "111111111111")).toBe("p-111111111111");
  });
});

describe("setSpecOuTargets", () => {
  const yaml = `# fleet spec
version: 1
region: eu-west-1
build: { account: "222222222222", principal: user/ci }
targets:
  org: # every account of the builds OU
    organizationalUnits: [ou-ab12-34cd56ef]
    role: BuildRole
    # rollout writes below this line
`;

  it("YAML: adds the prefix and a block list of quoted accounts, keeps comments; never replaces a prefix", () => {
    const once = setSpecOuTargets(yaml, "crossrole.yaml", {
      org: { externalIdPrefix: PREFIX, deployedAccounts: ["111111111111", "333333333333"] },
    });
    expect(once).toContain("# fleet spec");
    expect(once).toContain("# every account of the builds OU"); // the yaml library moves it to its own line
    expect(once).toContain("# rollout writes below this line");
    expect(once).toContain(`externalIdPrefix: ${PREFIX}`);
    expect(once).toContain('    deployedAccounts:\n      - "111111111111"\n      - "333333333333"\n');
    const twice = setSpecOuTargets(once, "crossrole.yaml", {
      org: { externalIdPrefix: "OTHER-PREFIX", deployedAccounts: ["333333333333"] },
    });
    expect(twice).toContain(`externalIdPrefix: ${PREFIX}`);
    expect(twice).not.toContain("OTHER-PREFIX");
    expect(twice).toContain('    deployedAccounts:\n      - "333333333333"\n');
    expect(twice).not.toContain("111111111111");
  });

  it("JSON: re-serialised with the same fields", () => {
    const json = JSON.stringify({
      targets: { org: { organizationalUnits: ["ou-ab12-34cd56ef"], role: "R" } },
    });
    const out = JSON.parse(
      setSpecOuTargets(json, "crossrole.json", {
        org: { externalIdPrefix: PREFIX, deployedAccounts: ["111111111111"] },
      }),
    );
    expect(out.targets.org).toEqual({
      organizationalUnits: ["ou-ab12-34cd56ef"],
      role: "R",
      externalIdPrefix: PREFIX,
      deployedAccounts: ["111111111111"],
    });
  });

  it("an unknown target is a usage error", () => {
    expect(() => setSpecOuTargets(yaml, "crossrole.yaml", { nope: { deployedAccounts: [] } })).toThrow(
      /no target named "nope"/,
    );
  });
});
