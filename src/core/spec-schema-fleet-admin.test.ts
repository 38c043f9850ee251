import { describe, expect, it } from "vitest";
import { SpecError } from "./errors.js";
import { parseSpec } from "./parse-spec.js";

const PER_ACCOUNT = "arn:aws:iam::{account}:role/OrganizationAccountAccessRole";

function specWith(target: Record<string, unknown>, buildAdmin?: unknown): string {
  return JSON.stringify({
    version: 1,
    region: "eu-west-1",
    build: {
      account: "222222222222",
      principal: "user/ci",
      ...(buildAdmin === undefined ? {} : { admin: buildAdmin }),
    },
    targets: { fleet: { role: "BuildRole", ...target } },
  });
}

function issues(text: string): string {
  try {
    parseSpec(text, "crossrole.yaml");
  } catch (error) {
    if (error instanceof SpecError) return error.message;
    throw error;
  }
  return "";
}

const accounts = ["300000000001", "300000000002"];

describe("admin.roleArn with {account} (multi-account targets)", () => {
  it.each([
    ["the per-account role in a target with accounts", { accounts, admin: { roleArn: PER_ACCOUNT } }],
    [
      "the per-account role with an ExternalId",
      { accounts, admin: { roleArn: PER_ACCOUNT, externalId: "admin-ext-123" } },
    ],
    [
      "a fixed role when accounts lists only its account",
      { accounts: ["300000000001"], admin: { roleArn: "arn:aws:iam::300000000001:role/Admin" } },
    ],
    ["a profile (checked against each account at run time)", { accounts, admin: { profile: "p" } }],
  ])("accepts %s", (_label, target) => {
    expect(issues(specWith(target))).toBe("");
  });

  it.each([
    [
      "{account} in a single-account target",
      { account: "111111111111", externalId: "ext-0123456789", admin: { roleArn: PER_ACCOUNT } },
      /\{account\} in admin.roleArn is only used in a target with accounts/,
    ],
    [
      "{account} in an OU target",
      { organizationalUnits: ["ou-ab12-34cd56ef"], admin: { roleArn: PER_ACCOUNT } },
      /\{account\} in admin.roleArn is only used in a target with accounts/,
    ],
    [
      "a role naming one account in a target with several",
      { accounts, admin: { roleArn: "arn:aws:iam::300000000001:role/Admin" } },
      /spans several accounts, but admin.roleArn names one account: put \{account\} in its account field/,
    ],
    [
      "a misspelt placeholder",
      { accounts, admin: { roleArn: "arn:aws:iam::{acount}:role/Admin" } },
      /must be an IAM role ARN/,
    ],
  ])("rejects %s", (_label, target, message) => {
    expect(issues(specWith(target))).toMatch(message);
  });

  it("rejects {account} in build.admin", () => {
    expect(issues(specWith({ accounts }, { roleArn: PER_ACCOUNT }))).toMatch(
      /\{account\} in admin.roleArn is only used in a target with accounts; name the BUILD account/,
    );
  });
});
