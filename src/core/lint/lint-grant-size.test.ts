import { describe, expect, it } from "vitest";
import { buildAccessPlan } from "../plan/build-access-plan.js";
import { specSchema } from "../spec/spec-schema.js";
import { lintGrantSize } from "./lint-grant-size.js";

function planFor(accounts: number, principal: string) {
  const ids = Array.from({ length: accounts }, (_, i) => String(300000000000 + i));
  return buildAccessPlan(
    specSchema.parse({
      version: 1,
      region: "eu-west-1",
      build: { account: "222222222222", principal },
      targets: {
        fleet: {
          accounts: ids,
          role: "/platform/builds/crossrole-build-role",
          externalIds: Object.fromEntries(ids.map((a) => [a, `external-id-${a}`])),
        },
      },
    }),
    "crossrole.yaml",
  );
}

describe("lintGrantSize", () => {
  it.each([
    [40, "user/ci", []],
    [300, "user/ci", []],
    [1300, "role/builder", ["grant-needs-policy-quota:warning"]],
    [2600, "role/builder", ["grant-too-many-policies:error"]],
  ])("%i roles for %s: %j", (accounts, principal, expected) => {
    const plan = planFor(accounts, principal);
    expect(lintGrantSize(plan).map((f) => `${f.id}:${f.severity}`)).toEqual(expected);
  });
});
