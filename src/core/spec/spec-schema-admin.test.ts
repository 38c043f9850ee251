import { describe, expect, it } from "vitest";
import { SpecError } from "../errors.js";
import { parseSpec } from "./parse-spec.js";

const specWith = (buildAdmin: unknown, targetAdmin?: unknown) =>
  JSON.stringify({
    version: 1,
    region: "eu-west-1",
    build: {
      account: "222222222222",
      principal: "user/ci",
      ...(buildAdmin === undefined ? {} : { admin: buildAdmin }),
    },
    targets: {
      ourthing: {
        account: "111111111111",
        role: "OurThingBuildRole",
        externalId: "ext-0123456789",
        ...(targetAdmin === undefined ? {} : { admin: targetAdmin }),
      },
    },
  });

function issues(text: string): string {
  try {
    parseSpec(text, "crossrole.yaml");
  } catch (error) {
    if (error instanceof SpecError) return error.message;
    throw error;
  }
  return "";
}

describe("spec admin (build.admin, targets.*.admin)", () => {
  it.each([
    ["a profile", { profile: "build-admin" }],
    ["a role", { roleArn: "arn:aws:iam::222222222222:role/ops/Admin" }],
    [
      "a role with an ExternalId",
      { roleArn: "arn:aws:iam::222222222222:role/Admin", externalId: "admin-ext-123" },
    ],
  ])("accepts %s", (_label, admin) => {
    expect(parseSpec(specWith(admin, admin), "crossrole.yaml").build.admin).toEqual(admin);
  });

  it.each([
    [
      "both",
      { profile: "p", roleArn: "arn:aws:iam::222222222222:role/Admin" },
      /exactly one of profile or roleArn/,
    ],
    ["neither", {}, /exactly one of profile or roleArn/],
    [
      "externalId without roleArn",
      { profile: "p", externalId: "admin-ext-123" },
      /only used with admin.roleArn/,
    ],
    ["a user ARN", { roleArn: "arn:aws:iam::222222222222:user/admin" }, /must be an IAM role ARN/],
    ["an unknown key", { profiel: "p" }, /profiel/],
    ["a profile with spaces", { profile: "my profile" }, /profile name/],
  ])("rejects %s with a clear message", (_label, admin, message) => {
    expect(issues(specWith(undefined, admin))).toMatch(message);
  });
});
