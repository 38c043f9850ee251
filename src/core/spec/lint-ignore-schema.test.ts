import { describe, expect, it } from "vitest";
import { SpecError, type SpecIssue } from "../errors.js";
import { LINT_RULE_IDS } from "./lint-rule-ids.js";
import { parseSpec } from "./parse-spec.js";

const BASE = [
  "version: 1",
  "region: eu-west-1",
  "build:",
  '  account: "222222222222"',
  "  principal: user/ci-builder",
  "targets:",
  "  ourthing:",
  '    account: "111111111111"',
  "    role: OurThingBuildRole",
  "    externalId: some_key_build_0123456789",
].join("\n");

function issuesOf(text: string): readonly SpecIssue[] {
  try {
    parseSpec(text, "crossrole.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as SpecError).issues;
  }
  return [];
}

describe("lint.ignore in the spec", () => {
  it.each([
    ["an id alone (info rule)", "lint:\n  ignore: [confused-deputy-single-target]"],
    ["an id alone (warning rule)", "lint:\n  ignore:\n    - external-id-short"],
    [
      "{ rule, reason } for a rule that can report errors",
      'lint:\n  ignore:\n    - rule: permission-action-wildcard\n      reason: "sandbox account"',
    ],
    [
      "{ rule, reason } for any rule",
      "lint:\n  ignore: [{ rule: permission-none, reason: read-only probe target }]",
    ],
    ["per target", "    lint:\n      ignore: [trust-principal-account]"],
    ["an empty list", "lint:\n  ignore: []"],
  ])("accepts %s", (_, tail) => {
    expect(issuesOf(`${BASE}\n${tail}\n`)).toEqual([]);
  });

  it.each([
    [
      "an unknown id, with a did-you-mean",
      "lint:\n  ignore: [confused-deputy-singletarget]",
      "lint.ignore[0]",
      'is not a lint rule id; did you mean `confused-deputy-single-target`? (got "confused-deputy-singletarget")',
    ],
    [
      "an id nothing is near",
      "lint:\n  ignore: [nonsense]",
      "lint.ignore[0]",
      "is not a lint rule id (`crossrole lint` prints each finding's id",
    ],
    [
      "an error-capable rule without a reason",
      "lint:\n  ignore: [trust-principal-wildcard]",
      "lint.ignore[0]",
      'so acknowledging it takes a reason: { rule: trust-principal-wildcard, reason: "why it is acceptable here" }',
    ],
    [
      "the same in a target",
      "    lint:\n      ignore: [external-id-missing]",
      "targets.ourthing.lint.ignore[0]",
      "so acknowledging it takes a reason",
    ],
    [
      "a reason left empty",
      'lint:\n  ignore: [{ rule: trust-resource, reason: "" }]',
      "lint.ignore[0].reason",
      "must say why",
    ],
    [
      "a reason missing",
      "lint:\n  ignore: [{ rule: trust-resource }]",
      "lint.ignore[0].reason",
      "is required",
    ],
    [
      "an unknown id in { rule }",
      "lint:\n  ignore: [{ rule: trust-resourse, reason: x }]",
      "lint.ignore[0].rule",
      "did you mean `trust-resource`?",
    ],
    [
      "an unknown key",
      "lint:\n  ignore: [{ rule: trust-resource, reason: x, until: 2027 }]",
      "lint.ignore[0].until",
      "accepted keys here: rule, reason",
    ],
    [
      "an unknown key under lint",
      "lint:\n  ignores: [trust-resource]",
      "lint.ignores",
      "did you mean `ignore`?",
    ],
  ])("refuses %s", (_, tail, path, phrase) => {
    const issues = issuesOf(`${BASE}\n${tail}\n`);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe(path);
    expect(issues[0]?.message).toContain(phrase);
  });

  it("knows every rule id (the list is sorted and unique)", () => {
    expect([...LINT_RULE_IDS].sort()).toEqual(LINT_RULE_IDS);
    expect(new Set(LINT_RULE_IDS).size).toBe(LINT_RULE_IDS.length);
  });
});
