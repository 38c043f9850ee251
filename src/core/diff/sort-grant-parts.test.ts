import { describe, expect, it } from "vitest";
import { buildGrantPolicy } from "../plan/build-grant-policy.js";
import {
  grantOwnerOfInline,
  grantOwnerOfPart,
  grantPartArn,
  grantPolicyNameOf,
  liveGrantLayout,
} from "../plan/grant-layout.js";
import { policySize } from "../plan/policy-document.js";
import type { LiveGrantPart } from "./live-state.js";
import { planGrantStorage } from "./plan-grant-storage.js";
import { sortGrantParts } from "./sort-grant-parts.js";

const ACCOUNT = "222222222222";
const role = (account: string, name: string) => ({
  roleArn: `arn:aws:iam::${account}:role/${name}`,
  trustPolicy: { Version: "2012-10-17" as const, Statement: [] },
});
const grantA = buildGrantPolicy([role("111111111111", "TeamARole")]);
const grantB = buildGrantPolicy([role("333333333333", "TeamBRole"), role("444444444444", "TeamBRole")]);
const foreign = {
  Version: "2012-10-17" as const,
  Statement: [{ Effect: "Allow" as const, Action: "s3:*", Resource: "*" }],
};
const attachedPart = (name: string, document = grantB): LiveGrantPart => ({
  policyArn: grantPartArn("aws", ACCOUNT, name),
  attached: true,
  document,
  otherVersionIds: [],
});

describe("grant owners", () => {
  it.each([
    ["crossrole-assume-targets", { specName: undefined }],
    ["crossrole-assume-targets-team-a", { specName: "team-a" }],
    ["crossrole-assume-targets-1", undefined],
    ["crossrole-assume-targetsX", undefined],
    ["AWSRevokeOlderSessions", undefined],
  ])("inline %s", (name, owner) => {
    expect(grantOwnerOfInline(name)).toEqual(owner);
  });
  it.each([
    ["/crossrole/crossrole-assume-targets-1", { specName: undefined }],
    ["/crossrole/crossrole-assume-targets-team-a-2", { specName: "team-a" }],
    ["/crossrole/crossrole-assume-targets-team-1-3", { specName: "team-1" }],
    ["/crossrole/crossrole-assume-targets-team-1", { specName: "team" }],
    ["/crossrole/crossrole-assume-targets", undefined],
    ["/other/crossrole-assume-targets-1", undefined],
  ])("managed %s", (path, owner) => {
    expect(grantOwnerOfPart(`arn:aws:iam::${ACCOUNT}:policy${path}`)).toEqual(owner);
  });
  it("every part name a spec gets parses back to that spec", () => {
    for (const specName of [undefined, "a", "team-1", "x-2-3"]) {
      const name = grantPolicyNameOf(specName);
      expect(grantOwnerOfInline(name)).toEqual({ specName });
      expect(grantOwnerOfPart(grantPartArn("aws", ACCOUNT, `${name}-7`))).toEqual({ specName });
    }
  });
});

describe("sortGrantParts", () => {
  const planA = { specName: "team-a", grantPolicy: grantA };
  it("keeps this spec's part, reports other specs' parts and counts every other inline policy", () => {
    const sorted = sortGrantParts(planA, {
      inline: new Map([
        ["crossrole-assume-targets-team-a", grantA],
        ["crossrole-assume-targets-team-b", grantB],
        ["their-own", foreign],
      ]),
      parts: [attachedPart("crossrole-assume-targets-team-c-1")],
    });
    expect(sorted.storage).toEqual({ inline: grantA, managed: [] });
    expect(sorted.grantPolicy?.Statement[0]?.Resource).toBe("arn:aws:iam::111111111111:role/TeamARole");
    expect(sorted.otherGrants.map((g) => [g.specName, g.roles.length, g.legacyLeft])).toEqual([
      ["team-b", 2, false],
      ["team-c", 2, false],
    ]);
    expect(sorted.otherInlineSize).toBe(policySize(grantB) + policySize(foreign));
  });
  it.each([
    ["exactly this spec's roles: taken over", grantA, true],
    ["other roles: another spec's, left in place", grantB, false],
  ])("a named spec and the unnamed grant with %s", (_, legacy, adopted) => {
    const sorted = sortGrantParts(planA, {
      inline: new Map([["crossrole-assume-targets", legacy]]),
      parts: [],
    });
    expect(sorted.storage.adopted !== undefined).toBe(adopted);
    expect(sorted.otherGrants.map((g) => g.legacyLeft)).toEqual(adopted ? [] : [true]);
    expect(sorted.otherInlineSize).toBe(adopted ? 0 : policySize(legacy));
    const calls = planGrantStorage(
      { kind: "user", name: "ci" },
      liveGrantLayout(
        {
          ...planA,
          grantPolicyName: grantPolicyNameOf("team-a"),
          principalKind: "user",
          account: ACCOUNT,
          partition: "aws",
        },
        sorted.otherInlineSize,
      ),
      sorted.storage,
      grantPolicyNameOf("team-a"),
    );
    // Its own part is written first; the adopted unnamed grant goes only after, and only when adopted.
    expect(calls.map((c) => `${c.kind} ${"policyName" in c ? c.policyName : ""}`)).toEqual([
      "PutUserPolicy crossrole-assume-targets-team-a",
      ...(adopted ? ["DeleteUserPolicy crossrole-assume-targets"] : []),
    ]);
  });
  it("the unnamed spec owns the unnamed grant and sees named specs' parts as others'", () => {
    const sorted = sortGrantParts(
      { grantPolicy: grantA },
      {
        inline: new Map([
          ["crossrole-assume-targets", grantB],
          ["crossrole-assume-targets-team-b", grantB],
        ]),
        parts: [],
      },
    );
    expect(sorted.storage.inline).toEqual(grantB);
    expect(sorted.otherGrants.map((g) => g.specName)).toEqual(["team-b"]);
  });
});

describe("liveGrantLayout: the inline quota is over every inline policy on the principal", () => {
  const plan = {
    grantPolicy: grantA,
    grantPolicyName: "crossrole-assume-targets-team-a",
    principalKind: "user" as const,
    account: ACCOUNT,
    partition: "aws" as const,
  };
  it.each([
    [0, "inline"],
    [2048 - policySize(grantA), "inline"],
    [2048 - policySize(grantA) + 1, "managed"],
  ])("others using %i characters: %s", (others, kind) => {
    const layout = liveGrantLayout(plan, others);
    expect(layout.kind).toBe(kind);
    if (layout.kind === "managed")
      expect(layout.parts.map((p) => p.policyName)).toEqual(["crossrole-assume-targets-team-a-1"]);
  });
});
