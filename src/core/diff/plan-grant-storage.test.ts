import { describe, expect, it } from "vitest";
import { buildAccessPlan } from "../plan/build-access-plan.js";
import { buildGrantPolicy } from "../plan/build-grant-policy.js";
import { grantLayout, grantPartArn } from "../plan/grant-layout.js";
import { policySize } from "../plan/policy-document.js";
import {
  MANAGED_POLICY_SIZE_LIMIT,
  mergeGrantPolicies,
  splitGrantPolicy,
} from "../plan/split-grant-policy.js";
import { specSchema } from "../spec/spec-schema.js";
import { diffBuild } from "./diff-access.js";
import type { LiveGrantPart } from "./live-state.js";
import { planBuildChanges } from "./plan-changes.js";
import { planGrantStorage } from "./plan-grant-storage.js";

const ACCOUNT = "222222222222";
const roles = (n: number, name = "crossrole-build-role") =>
  Array.from({ length: n }, (_, i) => {
    const roleArn = `arn:aws:iam::${String(300000000000 + i)}:role/${name}`;
    const sessionTags = i % 7 === 0;
    return {
      roleArn,
      trustPolicy: {
        Version: "2012-10-17" as const,
        Statement: [
          {
            Effect: "Allow" as const,
            Action: sessionTags ? ["sts:AssumeRole", "sts:TagSession"] : "sts:AssumeRole",
          },
        ],
      },
    };
  });
const arnsOf = (doc: ReturnType<typeof buildGrantPolicy>, sid: string) =>
  [doc.Statement.find((s) => s.Sid === sid)?.Resource ?? []].flat().sort();
const user = { kind: "user" as const, name: "ci" };
const part = (i: number) => grantPartArn("aws", ACCOUNT, `crossrole-assume-targets-${i}`);

describe("splitGrantPolicy / mergeGrantPolicies", () => {
  it.each([1, 40, 120, 400, 1000])(
    "%i roles: parts fit 6,144 characters and together allow exactly the grant",
    (n) => {
      const grant = buildGrantPolicy(roles(n));
      const parts = splitGrantPolicy(grant);
      for (const p of parts) expect(policySize(p)).toBeLessThanOrEqual(MANAGED_POLICY_SIZE_LIMIT);
      // Greedy packing wastes little: parts are at least 90 % full on average (statement headers repeat).
      expect(parts.length).toBeLessThanOrEqual(
        Math.ceil(policySize(grant) / (0.9 * MANAGED_POLICY_SIZE_LIMIT)),
      );
      const merged = mergeGrantPolicies(parts);
      if (merged === undefined) throw new Error("no merge");
      for (const sid of ["AssumeTargetRoles", "TagSessionOnTargets"])
        expect(arnsOf(merged, sid)).toEqual(arnsOf(grant, sid));
      expect(merged.Statement.map((s) => s.Sid)).toEqual(grant.Statement.map((s) => s.Sid));
    },
  );
  it("merging nothing is no grant", () => {
    expect(mergeGrantPolicies([])).toBeUndefined();
  });
});

describe("grantLayout", () => {
  it.each([
    ["user", 40, "inline"],
    ["user", 60, "managed"],
    ["role", 200, "inline"],
    ["role", 300, "managed"],
  ] as const)("a %s with %i roles: %s", (kind, n, expected) => {
    const layout = grantLayout(buildGrantPolicy(roles(n, "R")), { kind, account: ACCOUNT, partition: "aws" });
    expect(layout.kind).toBe(expected);
    if (layout.kind === "managed") {
      expect(layout.parts[0]?.policyArn).toBe(part(1));
      expect(layout.parts.map((p) => p.policyName)).toEqual(
        layout.parts.map((_, i) => `crossrole-assume-targets-${i + 1}`),
      );
    }
  });
});

describe("planGrantStorage", () => {
  const big = grantLayout(buildGrantPolicy(roles(150)), { kind: "user", account: ACCOUNT, partition: "aws" });
  if (big.kind !== "managed") throw new Error("expected a managed layout");
  const small = grantLayout(buildGrantPolicy(roles(3)), { kind: "user", account: ACCOUNT, partition: "aws" });
  const livePart = (i: number, over: Partial<LiveGrantPart> = {}): LiveGrantPart => ({
    policyArn: part(i),
    attached: true,
    document: big.parts[i - 1]?.policy,
    otherVersionIds: [],
    ...over,
  });
  const kinds = (calls: ReturnType<typeof planGrantStorage>) =>
    calls.map((c) => `${c.kind}${"policyArn" in c ? ` ${c.policyArn.split("/").at(-1)}` : ""}`);

  it("inline → managed: creates and attaches every part BEFORE deleting the inline grant", () => {
    const calls = planGrantStorage(user, big, { inline: buildGrantPolicy(roles(3)), managed: [] });
    const n = big.parts.length;
    expect(kinds(calls)).toEqual([
      ...big.parts.flatMap((p) => [`CreatePolicy`, `AttachUserPolicy ${p.policyName}`]),
      "DeleteUserPolicy",
    ]);
    expect(n).toBeGreaterThan(1);
  });
  it("in sync: no call", () => {
    const live = { managed: big.parts.map((_, i) => livePart(i + 1)) };
    expect(planGrantStorage(user, big, live)).toEqual([]);
  });
  it("a changed part gets a new default version; with 5 versions the oldest other one goes first", () => {
    const changed = {
      managed: big.parts.map((_, i) =>
        livePart(i + 1, i === 0 ? { document: small.kind === "inline" ? small.policy : undefined } : {}),
      ),
    };
    expect(kinds(planGrantStorage(user, big, changed))).toEqual([
      "CreatePolicyVersion crossrole-assume-targets-1",
    ]);
    const full = {
      managed: big.parts.map((_, i) =>
        livePart(i + 1, i === 0 ? { document: undefined, otherVersionIds: ["v1", "v2", "v3", "v4"] } : {}),
      ),
    };
    const calls = planGrantStorage(user, big, full);
    expect(calls[0]).toEqual({ kind: "DeletePolicyVersion", policyArn: part(1), versionId: "v1" });
    expect(kinds(calls)).toEqual([
      "DeletePolicyVersion crossrole-assume-targets-1",
      "CreatePolicyVersion crossrole-assume-targets-1",
    ]);
  });
  it("a detached part is re-attached; a part no longer needed is detached, its versions and itself deleted", () => {
    const extra = big.parts.length + 1;
    const live = {
      managed: [
        ...big.parts.map((_, i) => livePart(i + 1, i === 1 ? { attached: false } : {})),
        livePart(extra, { document: undefined, otherVersionIds: ["v1"] }),
      ],
    };
    expect(kinds(planGrantStorage(user, big, live))).toEqual([
      "AttachUserPolicy crossrole-assume-targets-2",
      `DetachUserPolicy crossrole-assume-targets-${extra}`,
      `DeletePolicyVersion crossrole-assume-targets-${extra}`,
      `DeletePolicy crossrole-assume-targets-${extra}`,
    ]);
  });
  it("managed → inline (a role): the inline grant first, then every part removed", () => {
    const calls = planGrantStorage({ kind: "role", name: "builder" }, small, {
      managed: [livePart(1), livePart(2, { attached: false })],
    });
    expect(kinds(calls)).toEqual([
      "PutRolePolicy",
      "DetachRolePolicy crossrole-assume-targets-1",
      "DeletePolicy crossrole-assume-targets-1",
      "DeletePolicy crossrole-assume-targets-2",
    ]);
  });
  it("no grant at all (destroy): inline and parts removed", () => {
    expect(
      kinds(
        planGrantStorage(user, undefined, { inline: buildGrantPolicy(roles(1)), managed: [livePart(1)] }),
      ),
    ).toEqual([
      "DeleteUserPolicy",
      "DetachUserPolicy crossrole-assume-targets-1",
      "DeletePolicy crossrole-assume-targets-1",
    ]);
  });
});

describe("a plan with no target role (OUs before their first rollout)", () => {
  const plan = buildAccessPlan(
    specSchema.parse({
      version: 1,
      region: "eu-west-1",
      build: { account: ACCOUNT, principal: "user/ci" },
      targets: { org: { organizationalUnits: ["ou-ab12-34cd56ef"], role: "R" } },
    }),
    "crossrole.yaml",
  );
  it("is in sync with no grant, and writes none (IAM refuses a policy without Resource)", () => {
    const live = { principalArn: plan.build.principalArn, exists: true, grantStorage: { managed: [] } };
    const diff = diffBuild(plan.build, live);
    expect(diff.status).toBe("in-sync");
    expect(planBuildChanges(plan.build, diff, live.grantStorage)).toEqual([]);
  });
  it("removes a grant left from earlier targets", () => {
    const old = buildGrantPolicy(roles(2));
    const storage = { inline: old, managed: [] };
    const diff = diffBuild(plan.build, {
      principalArn: plan.build.principalArn,
      exists: true,
      grantPolicy: old,
      grantStorage: storage,
    });
    expect(diff.status).toBe("update");
    expect(planBuildChanges(plan.build, diff, storage)).toEqual([
      { kind: "DeleteUserPolicy", userName: "ci", policyName: "crossrole-assume-targets" },
    ]);
  });
});
