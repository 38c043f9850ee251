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
    [{}, undefined],
    [{ allowSessionTags: true }, "sts:TagSession"],
    [{ allowSourceIdentity: true }, "sts:SetSourceIdentity"],
    [{ allowSessionTags: true, allowSourceIdentity: true }, ["sts:TagSession", "sts:SetSourceIdentity"]],
    [{ allowSessionTags: false }, undefined],
  ])(
    "%j: AssumeRole with the ExternalId; session actions %j in a second statement without it",
    (flags, session) => {
      const doc = buildTrustPolicy({ principalArn, externalIds: ["abc"], ...flags });
      expect(doc.Statement[0]).toEqual({
        Sid: "AssumeFromBuild",
        Effect: "Allow",
        Principal: { AWS: principalArn },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": "abc" } },
      });
      if (session === undefined) {
        expect(doc.Statement).toHaveLength(1);
        return;
      }
      // AWS's request context for TagSession / SetSourceIdentity has no sts:ExternalId: no condition on it here.
      expect(doc.Statement[1]).toEqual({
        Sid: "TagAndIdentifyFromBuild",
        Effect: "Allow",
        Principal: { AWS: principalArn },
        Action: session,
      });
    },
  );

  it("lists two ExternalIds during a rotation", () => {
    const doc = buildTrustPolicy({ principalArn, externalIds: ["new", "old"] });
    expect(doc.Statement[0]?.Condition).toEqual({ StringEquals: { "sts:ExternalId": ["new", "old"] } });
  });

  it("writes no condition when there is no ExternalId (the lint reports it)", () => {
    expect(buildTrustPolicy({ principalArn, externalIds: [] }).Statement[0]).not.toHaveProperty("Condition");
  });
});
