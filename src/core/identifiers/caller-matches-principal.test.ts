import { describe, expect, it } from "vitest";
import { callerMatchesPrincipal } from "./caller-matches-principal.js";

describe("callerMatchesPrincipal", () => {
  it.each([
    ["arn:aws:iam::222222222222:user/ci", "arn:aws:iam::222222222222:user/ci", true],
    ["arn:aws:iam::222222222222:user/ci/builder", "arn:aws:iam::222222222222:user/ci/builder", true],
    ["arn:aws:iam::222222222222:user/other", "arn:aws:iam::222222222222:user/ci", false],
    ["arn:aws:iam::333333333333:user/ci", "arn:aws:iam::222222222222:user/ci", false],
    [
      "arn:aws:sts::222222222222:assumed-role/Builder/i-0abc",
      "arn:aws:iam::222222222222:role/ci/Builder",
      true,
    ],
    ["arn:aws:sts::222222222222:assumed-role/Other/i-0abc", "arn:aws:iam::222222222222:role/Builder", false],
    ["arn:aws:iam::222222222222:user/ci", "arn:aws:iam::222222222222:root", true],
    ["arn:aws:iam::222222222222:user/ci", "arn:aws:iam::222222222222:role/ci", false],
    ["arn:aws-cn:iam::222222222222:user/ci", "arn:aws:iam::222222222222:user/ci", false],
  ])("%s is %s: %s", (caller, principal, expected) => {
    expect(callerMatchesPrincipal(caller, principal)).toBe(expected);
  });
});
