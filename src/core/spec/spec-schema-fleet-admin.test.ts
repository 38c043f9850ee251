import { describe, expect, it } from "vitest";
import { SpecError } from "../errors.js";
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
    [
      "{account} in an OU target (one role per deployed account)",
      {
        organizationalUnits: ["ou-ab12-34cd56ef"],
        externalIdPrefix: "prefix-0123456789",
        deployedAccounts: accounts,
        admin: { roleArn: PER_ACCOUNT },
      },
    ],
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
      "a role naming one account in an OU target with several deployed accounts",
      {
        organizationalUnits: ["ou-ab12-34cd56ef"],
        deployedAccounts: accounts,
        admin: { roleArn: "arn:aws:iam::300000000001:role/Admin" },
      },
      /spans several accounts, but admin.roleArn names one account/,
    ],
    [
      "externalIdPrefix in a target with accounts",
      { accounts, externalIdPrefix: "prefix-0123456789" },
      /externalIdPrefix is only used with organizationalUnits/,
    ],
    [
      "deployedAccounts in a single-account target",
      { account: "111111111111", externalId: "ext-0123456789", deployedAccounts: accounts },
      /deployedAccounts is only used with organizationalUnits/,
    ],
    [
      "an externalIdPrefix too long for <prefix>-<account> to fit 1,224 characters",
      { organizationalUnits: ["ou-ab12-34cd56ef"], externalIdPrefix: "x".repeat(1212) },
      /externalIdPrefix.*must be 2..1211 characters/s,
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
