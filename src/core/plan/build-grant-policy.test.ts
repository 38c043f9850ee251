import { describe, expect, it } from "vitest";
import { buildGrantPolicy } from "./build-grant-policy.js";
import { buildTrustPolicy } from "./build-trust-policy.js";

const principalArn = "arn:aws:iam::222222222222:user/ci";
const role = (arn: string, flags: { allowSessionTags?: boolean; allowSourceIdentity?: boolean } = {}) => ({
  roleArn: arn,
  trustPolicy: buildTrustPolicy({ principalArn, externalIds: ["x1"], ...flags }),
});

describe("buildGrantPolicy", () => {
  it("allows sts:AssumeRole on exactly the role ARNs, sorted and deduplicated", () => {
    const doc = buildGrantPolicy([
      role("arn:aws:iam::333333333333:role/B"),
      role("arn:aws:iam::111111111111:role/A"),
      role("arn:aws:iam::333333333333:role/B"),
    ]);
    expect(doc.Statement).toEqual([
      {
        Sid: "AssumeTargetRoles",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: ["arn:aws:iam::111111111111:role/A", "arn:aws:iam::333333333333:role/B"],
      },
    ]);
  });

  it("grants the session actions only on the roles whose trust allows them (R5)", () => {
    const doc = buildGrantPolicy([
      role("arn:aws:iam::111111111111:role/A", { allowSessionTags: true }),
      role("arn:aws:iam::333333333333:role/B", { allowSourceIdentity: true }),
      role("arn:aws:iam::444444444444:role/C"),
    ]);
    expect(doc.Statement.map((s) => [s.Sid, s.Action, s.Resource])).toEqual([
      [
        "AssumeTargetRoles",
        "sts:AssumeRole",
        [
          "arn:aws:iam::111111111111:role/A",
          "arn:aws:iam::333333333333:role/B",
          "arn:aws:iam::444444444444:role/C",
        ],
      ],
      ["TagSessionOnTargets", "sts:TagSession", "arn:aws:iam::111111111111:role/A"],
      ["SetSourceIdentityOnTargets", "sts:SetSourceIdentity", "arn:aws:iam::333333333333:role/B"],
    ]);
  });
});
