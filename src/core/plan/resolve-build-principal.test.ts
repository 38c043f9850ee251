import { describe, expect, it } from "vitest";
import { resolveBuildPrincipal } from "./resolve-build-principal.js";

describe("resolveBuildPrincipal", () => {
  it.each([
    [
      "user/ci-builder",
      "aws",
      { arn: "arn:aws:iam::222222222222:user/ci-builder", kind: "user", name: "ci-builder", path: "/" },
    ],
    [
      "role/Builder",
      "aws",
      { arn: "arn:aws:iam::222222222222:role/Builder", kind: "role", name: "Builder", path: "/" },
    ],
    [
      "role/ci/gitlab/Builder",
      "aws",
      {
        arn: "arn:aws:iam::222222222222:role/ci/gitlab/Builder",
        kind: "role",
        name: "Builder",
        path: "/ci/gitlab/",
      },
    ],
    ["root", "aws", { arn: "arn:aws:iam::222222222222:root", kind: "root", path: "/" }],
    ["user/ci", "aws-cn", { arn: "arn:aws-cn:iam::222222222222:user/ci", partition: "aws-cn" }],
    [
      "arn:aws:iam::222222222222:role/ci/Builder",
      "aws",
      { arn: "arn:aws:iam::222222222222:role/ci/Builder", kind: "role", name: "Builder", path: "/ci/" },
    ],
    [
      "arn:aws-us-gov:iam::222222222222:user/ci",
      "aws",
      { arn: "arn:aws-us-gov:iam::222222222222:user/ci", partition: "aws-us-gov", kind: "user" },
    ],
  ] as const)("%s (%s)", (principal, partition, expected) => {
    expect(resolveBuildPrincipal(principal, "222222222222", partition)).toMatchObject(expected);
  });

  it("gives root no name", () => {
    expect(resolveBuildPrincipal("root", "222222222222", "aws")).not.toHaveProperty("name");
  });
});
