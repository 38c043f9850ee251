import { describe, expect, it } from "vitest";
import { seedSpec, twoAccountSpec } from "../../../test/unit/support/access-specs.js";
import { buildAccessPlan } from "./build-access-plan.js";
import type { PolicyDocument } from "./policy-document.js";

/** The seed's documents, copied from the blog post, placeholders filled in with the spec's values. */
const SEED_TRUST = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::BUILDACCOUNT:root"},
    "Action": "sts:AssumeRole",
    "Condition": {"StringEquals": {"sts:ExternalId": "some_key_build"}}
  }]
}`;
const SEED_GRANT = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRole",
    "Resource": "arn:aws:iam::OURACCONT:role/OURTHINGBUILDROLE"
  }]
}`;

function fill(text: string): PolicyDocument {
  return JSON.parse(
    text
      .replace("BUILDACCOUNT", "222222222222")
      .replace("OURACCONT", "111111111111")
      .replace("OURTHINGBUILDROLE", "OurThingBuildRole"),
  ) as PolicyDocument;
}

function withoutSids(doc: PolicyDocument | undefined): unknown {
  return doc && { ...doc, Statement: doc.Statement.map(({ Sid: _sid, ...rest }) => rest) };
}

describe("buildAccessPlan", () => {
  const seed = buildAccessPlan(seedSpec, "crossrole.yaml");

  it("reproduces the seed's trust policy", () => {
    expect(withoutSids(seed.targets[0]?.trustPolicy)).toEqual(fill(SEED_TRUST));
  });

  it("reproduces the seed's BUILD grant", () => {
    expect(withoutSids(seed.build.grantPolicy)).toEqual(fill(SEED_GRANT));
  });

  it("resolves the seed's root principal", () => {
    expect(seed.build).toMatchObject({
      account: "222222222222",
      partition: "aws",
      principalArn: "arn:aws:iam::222222222222:root",
      principalKind: "root",
      principalPath: "/",
      grantPolicyName: "crossrole-assume-targets",
    });
    expect(seed.build).not.toHaveProperty("principalName");
  });

  it("derives role ARN, path, defaults and tags", () => {
    const plan = buildAccessPlan(twoAccountSpec, "specs/x.yaml");
    const [ourthing, docs, their] = plan.targets;
    expect(plan.source).toBe("specs/x.yaml");
    expect(ourthing).toMatchObject({
      name: "ourthing",
      account: "111111111111",
      region: "eu-west-1",
      roleName: "OurThingBuildRole",
      rolePath: "/ci/",
      roleArn: "arn:aws:iam::111111111111:role/ci/OurThingBuildRole",
      maxSessionDuration: 3600,
      externalIds: ["Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo9VzXi0"],
      tags: { "managed-by": "crossrole", team: "ourthing" },
    });
    expect(Object.keys(ourthing?.tags ?? {})).toEqual(["managed-by", "team"]);
    expect(docs?.description).toBe(
      "Assumed by builds in account 222222222222 (crossrole target ourthing-docs)",
    );
    expect(their).toMatchObject({
      region: "us-east-1",
      maxSessionDuration: 7200,
      managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    });
    expect(plan.build).toMatchObject({
      principalArn: "arn:aws:iam::222222222222:user/ci-builder",
      principalName: "ci-builder",
    });
  });

  it("grants the BUILD principal exactly the target roles, plus TagSession where the trust allows it", () => {
    const plan = buildAccessPlan(twoAccountSpec, "crossrole.yaml");
    expect(plan.build.grantPolicy.Statement.map((s) => [s.Action, s.Resource])).toEqual([
      [
        "sts:AssumeRole",
        [
          "arn:aws:iam::111111111111:role/OurThingDocsRole",
          "arn:aws:iam::111111111111:role/ci/OurThingBuildRole",
          "arn:aws:iam::333333333333:role/TheirThingBuildRole",
        ],
      ],
      ["sts:TagSession", "arn:aws:iam::111111111111:role/ci/OurThingBuildRole"],
    ]);
  });

  it("keeps crossrole's managed-by tag over a spec tag of the same key", () => {
    const spec = structuredClone(seedSpec);
    const target = spec.targets.ourthing;
    if (target) target.tags = { "managed-by": "someone-else" };
    expect(buildAccessPlan(spec, "x").targets[0]?.tags).toEqual({ "managed-by": "crossrole" });
  });

  it("has no permission policy when the target grants nothing inline", () => {
    const spec = structuredClone(seedSpec);
    const target = spec.targets.ourthing;
    if (target) delete target.permissions;
    expect(buildAccessPlan(spec, "x").targets[0]).not.toHaveProperty("permissionPolicy");
  });

  it("uses the target region's partition", () => {
    const spec = structuredClone(seedSpec);
    const target = spec.targets.ourthing;
    if (target) target.region = "cn-north-1";
    expect(buildAccessPlan(spec, "x").targets[0]).toMatchObject({
      partition: "aws-cn",
      roleArn: "arn:aws-cn:iam::111111111111:role/OurThingBuildRole",
    });
  });
});
