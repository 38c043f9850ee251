import { describe, expect, it } from "vitest";
import { parseSpec } from "../spec/parse-spec.js";
import { buildAccessPlan } from "./build-access-plan.js";
import { finishExternalIdRotation, startExternalIdRotation, toSpecExternalId } from "./rotate-external-id.js";

const A = "AaaaaaaaaaAaaaaaaaaaAaaaaaaaaaAaaaaaaaa1";
const B = "BbbbbbbbbbBbbbbbbbbbBbbbbbbbbbBbbbbbbbb2";

describe("ExternalId rotation window", () => {
  it("phase 1 puts the new value first; finish keeps it", () => {
    expect(startExternalIdRotation("t", [A], B)).toEqual([B, A]);
    expect(finishExternalIdRotation("t", [B, A])).toEqual({ keep: B, drop: A });
    expect(toSpecExternalId([B, A])).toEqual([B, A]);
    expect(toSpecExternalId([B])).toBe(B);
  });

  it("refuses what is not a rotation step", () => {
    expect(() => startExternalIdRotation("t", [], B)).toThrow(/has no externalId/);
    expect(() => startExternalIdRotation("t", [B, A], A)).toThrow(/already in a rotation window/);
    expect(() => startExternalIdRotation("t", [A], A)).toThrow(/equals the current one/);
    expect(() => finishExternalIdRotation("t", [A])).toThrow(/not in a rotation window/);
  });
});

describe("spec schema: externalId is one value, or two during a rotation", () => {
  const spec = (externalId: string) => `version: 1
region: eu-west-1
build: { account: "222222222222", principal: user/ci }
targets:
  t:
    account: "111111111111"
    role: R
    externalId: ${externalId}
`;

  it("two values: the trust accepts both with one StringEquals", () => {
    const plan = buildAccessPlan(parseSpec(spec(`[${B}, ${A}]`), "s.yaml"), "s.yaml");
    expect(plan.targets[0]?.externalIds).toEqual([B, A]);
    expect(plan.targets[0]?.trustPolicy.Statement[0]?.Condition).toEqual({
      StringEquals: { "sts:ExternalId": [B, A] },
    });
  });

  it("refuses three values, or the same one twice", () => {
    expect(() => parseSpec(spec(`[${A}, ${B}, ${A}x]`), "s.yaml")).toThrow(/exactly two/);
    expect(() => parseSpec(spec(`[${A}, ${A}]`), "s.yaml")).toThrow(/must differ/);
  });

  it("an unquoted number still gets the quoting hint", () => {
    expect(() => parseSpec(spec("12345"), "s.yaml")).toThrow(/write it in quotes/);
  });
});
