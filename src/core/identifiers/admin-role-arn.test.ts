import { describe, expect, it } from "vitest";
import {
  ADMIN_ROLE_ARN,
  adminRoleAccount,
  substituteAccount,
  usesAccountPlaceholder,
} from "./admin-role-arn.js";

describe("admin role ARN with {account}", () => {
  it.each([
    [
      "arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
      "arn:aws:iam::300000000001:role/OrganizationAccountAccessRole",
    ],
    ["arn:aws-cn:iam::{account}:role/ops/Admin", "arn:aws-cn:iam::300000000001:role/ops/Admin"],
    ["arn:aws:iam::{account}:role/{account}/Admin", "arn:aws:iam::300000000001:role/{account}/Admin"],
    ["arn:aws:iam::111111111111:role/Admin", "arn:aws:iam::111111111111:role/Admin"],
  ])("%s in account 300000000001 is %s (only the account field is replaced)", (template, expected) => {
    expect(substituteAccount(template, "300000000001")).toBe(expected);
  });

  it("tells the per-account form from a fixed account", () => {
    expect(usesAccountPlaceholder("arn:aws:iam::{account}:role/A")).toBe(true);
    expect(usesAccountPlaceholder("arn:aws:iam::111111111111:role/A")).toBe(false);
    expect(usesAccountPlaceholder("arn:aws:iam::111111111111:role/{account}/A")).toBe(false);
    expect(adminRoleAccount("arn:aws:iam::111111111111:role/A")).toBe("111111111111");
  });

  it.each([
    ["arn:aws:iam::{account}:role/A", true],
    ["arn:aws:iam::111111111111:role/A", true],
    ["arn:aws:iam::{acct}:role/A", false],
    ["arn:aws:iam::{account}1:role/A", false],
    ["arn:aws:iam::{account}:user/A", false],
  ])("the pattern accepts %s: %s", (arn, ok) => {
    expect(ADMIN_ROLE_ARN.test(arn)).toBe(ok);
  });
});
