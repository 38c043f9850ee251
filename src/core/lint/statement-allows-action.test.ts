import { describe, expect, it } from "vitest";
import type { PolicyStatement } from "../plan/policy-document.js";
import { statementAllowsAction } from "./statement-allows-action.js";

function statement(actions: Pick<PolicyStatement, "Action" | "NotAction">): PolicyStatement {
  return { Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, ...actions };
}

describe("statementAllowsAction", () => {
  it.each<[string, Pick<PolicyStatement, "Action" | "NotAction">, string, boolean]>([
    ["the action itself", { Action: "sts:AssumeRole" }, "sts:AssumeRole", true],
    ["case differs", { Action: "STS:assumerole" }, "sts:AssumeRole", true],
    ["a wildcard", { Action: ["sts:TagSession", "sts:*"] }, "sts:AssumeRoleWithWebIdentity", true],
    ["another action", { Action: "sts:AssumeRole" }, "sts:AssumeRoleWithWebIdentity", false],
    ["NotAction of another action", { NotAction: "sts:TagSession" }, "sts:AssumeRole", true],
    [
      "NotAction of another action, web identity",
      { NotAction: "sts:TagSession" },
      "sts:AssumeRoleWithWebIdentity",
      true,
    ],
    ["NotAction of the action", { NotAction: ["sts:TagSession", "sts:AssumeRole"] }, "sts:AssumeRole", false],
    ["NotAction by a pattern", { NotAction: "sts:AssumeRole*" }, "sts:AssumeRoleWithWebIdentity", false],
    ["NotAction of an empty list", { NotAction: [] }, "sts:AssumeRole", true],
  ])("%s", (_, actions, action, expected) => {
    expect(statementAllowsAction(statement(actions), action)).toBe(expected);
  });
});
