import { describe, expect, it } from "vitest";
import { buildTrustPolicy } from "./build-trust-policy.js";

const principalArn = "arn:aws:iam::222222222222:user/ci-builder";

describe("buildTrustPolicy", () => {
  it("names the principal and requires the ExternalId with StringEquals", () => {
    expect(buildTrustPolicy({ principalArn, externalIds: ["abc"] })).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AssumeFromBuild",
          Effect: "Allow",
          Principal: { AWS: principalArn },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": "abc" } },
        },
      ],
    });
  });

  it.each([
    [{}, "sts:AssumeRole"],
    [{ allowSessionTags: true }, ["sts:AssumeRole", "sts:TagSession"]],
    [{ allowSourceIdentity: true }, ["sts:AssumeRole", "sts:SetSourceIdentity"]],
    [
      { allowSessionTags: true, allowSourceIdentity: true },
      ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
    ],
    [{ allowSessionTags: false }, "sts:AssumeRole"],
  ])("allows %j → %j", (flags, action) => {
    expect(buildTrustPolicy({ principalArn, externalIds: ["abc"], ...flags }).Statement[0]?.Action).toEqual(
      action,
    );
  });

  it("lists two ExternalIds during a rotation", () => {
    const doc = buildTrustPolicy({ principalArn, externalIds: ["new", "old"] });
    expect(doc.Statement[0]?.Condition).toEqual({ StringEquals: { "sts:ExternalId": ["new", "old"] } });
  });

  it("writes no condition when there is no ExternalId (the lint reports it)", () => {
    expect(buildTrustPolicy({ principalArn, externalIds: [] }).Statement[0]).not.toHaveProperty("Condition");
  });
});
