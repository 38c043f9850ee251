import { describe, expect, it } from "vitest";
import {
  adminSourceKey,
  chooseAdminSource,
  describeAdminSource,
  resolveAdminCredentials,
} from "./resolve-admin-credentials.js";

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

  describe("a per-account roleArn ({account})", () => {
    const admin = { roleArn: "arn:aws:iam::{account}:role/FleetAdmin", externalId: "xid-123" };
    it("is assumed in the side's account, from the default chain", () => {
      expect(chooseAdminSource(undefined, admin, "300000000001")).toEqual({
        kind: "role",
        roleArn: "arn:aws:iam::300000000001:role/FleetAdmin",
        externalId: "xid-123",
      });
    });
    it("with --target-profile, from that profile (the flag is the source, not a replacement)", () => {
      const source = chooseAdminSource("mgmt", admin, "300000000002");
      expect(source).toEqual({
        kind: "role",
        roleArn: "arn:aws:iam::300000000002:role/FleetAdmin",
        externalId: "xid-123",
        sourceProfile: "mgmt",
      });
      expect(describeAdminSource(source)).toBe(
        "role arn:aws:iam::300000000002:role/FleetAdmin from profile mgmt",
      );
      expect(adminSourceKey(source)).not.toBe(
        adminSourceKey(chooseAdminSource(undefined, admin, "300000000002")),
      );
    });
    it("a fixed roleArn is still replaced by the flag", () => {
      expect(chooseAdminSource("p", { roleArn: "arn:aws:iam::111111111111:role/A" }, "111111111111")).toEqual(
        {
          kind: "profile",
          profile: "p",
        },
      );
    });
    it("without an account it is a usage error", () => {
      expect(() => chooseAdminSource(undefined, admin)).toThrow(/\{account\} needs the account/);
    });
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
