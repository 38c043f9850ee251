import { describe, expect, it } from "vitest";
import { adminSourceKey, chooseAdminSource, resolveAdminCredentials } from "./resolve-admin-credentials.js";

describe("chooseAdminSource", () => {
  it.each([
    ["flag wins over the spec", "flag", { profile: "spec" }, { kind: "profile", profile: "flag" }],
    ["spec profile", undefined, { profile: "spec" }, { kind: "profile", profile: "spec" }],
    [
      "spec role with ExternalId",
      undefined,
      { roleArn: "arn:aws:iam::111111111111:role/Admin", externalId: "xid-123" },
      { kind: "role", roleArn: "arn:aws:iam::111111111111:role/Admin", externalId: "xid-123" },
    ],
    ["default chain", undefined, undefined, { kind: "default" }],
  ] as const)("%s", (_label, flag, admin, expected) => {
    expect(chooseAdminSource(flag, admin)).toEqual(expected);
  });

  it("keys distinct sources apart", () => {
    expect(adminSourceKey({ kind: "profile", profile: "a" })).not.toBe(
      adminSourceKey({ kind: "profile", profile: "b" }),
    );
  });
});

describe("resolveAdminCredentials", () => {
  it("a profile or the default chain needs no call", async () => {
    await expect(
      resolveAdminCredentials({ kind: "profile", profile: "p" }, { region: "eu-west-1" }),
    ).resolves.toEqual({
      region: "eu-west-1",
      endpoint: undefined,
      profile: "p",
    });
    await expect(resolveAdminCredentials({ kind: "default" })).resolves.toEqual({
      region: undefined,
      endpoint: undefined,
    });
  });
});
