import { describe, expect, it } from "vitest";
import { accountMismatchError } from "./account-mismatch-error.js";

const base = { expected: "300000000001", actual: "444444444444", source: "profile mgmt" };

describe("accountMismatchError", () => {
  it("for one account of a group, suggests the per-account admin role", () => {
    const e = accountMismatchError({ ...base, side: "target", target: "fleet-300000000001", group: "fleet" });
    expect(e).toMatchObject({ code: "ACCOUNT_MISMATCH", kind: "aws-auth" });
    expect(e.message).toMatch(/target fleet-300000000001 \(profile mgmt\) are in account 444444444444/);
    expect(e.hint).toMatch(
      /targets\.fleet\.admin\.roleArn .*arn:aws:iam::\{account\}:role\/OrganizationAccountAccessRole/,
    );
  });

  it("for a single-account target or BUILD, suggests a profile of that account", () => {
    expect(accountMismatchError({ ...base, side: "target", target: "api" }).hint).toMatch(
      /--target-profile NAME, or targets\.api\.admin/,
    );
    expect(accountMismatchError({ ...base, side: "build" }).hint).toMatch(/--build-profile NAME/);
  });
});
