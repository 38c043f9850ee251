// splitGrantPolicy keeps each part's size up to date instead of re-rendering the part for every resource: on random
// grants and limits it must split exactly as the re-rendering greedy packing does (the reference below, the
// previous implementation), and every part must fit.
import { describe, expect, it } from "vitest";
import {
  POLICY_VERSION,
  type PolicyDocument,
  type PolicyStatement,
  policySize,
  singleOrList,
  toList,
} from "../../src/core/plan/policy-document.js";
import { mergeGrantPolicies, splitGrantPolicy } from "../../src/core/plan/split-grant-policy.js";
import { seededRandom } from "../support/seeded-random.js";

function referenceSplit(policy: PolicyDocument, limit: number): PolicyDocument[] {
  if (policySize(policy) <= limit) return [policy];
  type Part = { statements: { base: PolicyStatement; resources: string[] }[] };
  const parts: Part[] = [];
  let current: Part = { statements: [] };
  const render = (part: Part): PolicyDocument => ({
    Version: POLICY_VERSION,
    Statement: part.statements.map((s) => ({ ...s.base, Resource: singleOrList(s.resources) })),
  });
  for (const statement of policy.Statement) {
    for (const resource of toList(statement.Resource)) {
      let slot = current.statements.find((s) => s.base.Sid === statement.Sid);
      if (slot === undefined) {
        slot = { base: { ...statement }, resources: [] };
        current.statements.push(slot);
      }
      slot.resources.push(resource);
      if (policySize(render(current)) <= limit) continue;
      slot.resources.pop();
      if (slot.resources.length === 0) current.statements.pop();
      if (current.statements.length === 0) throw new Error(`resource ${resource} does not fit a policy`);
      parts.push(current);
      current = { statements: [{ base: { ...statement }, resources: [resource] }] };
    }
  }
  if (current.statements.length > 0) parts.push(current);
  return parts.map(render);
}

describe("splitGrantPolicy", () => {
  it("splits random grants exactly as re-rendering every part would", () => {
    const next = seededRandom(1016);
    let split = 0;
    for (let n = 0; n < 400; n++) {
      const statements = Array.from({ length: 1 + (next() % 4) }, (_, i): PolicyStatement => {
        const resources = Array.from(
          { length: 1 + (next() % 40) },
          (_, r) =>
            `arn:aws:iam::${String(100000000000 + (next() % 1000))}:role/${"x".repeat(next() % 30)}r${r}"q`,
        );
        const statement: PolicyStatement = {
          ...(next() % 5 === 0 ? {} : { Sid: `S${i}${next() % 3 === 0 ? "" : i}` }),
          Effect: "Allow",
          Action: next() % 2 === 0 ? "sts:AssumeRole" : ["sts:AssumeRole", "sts:TagSession"],
          Resource: singleOrList(resources),
        };
        // Resource before Action in some statements: the key order of the rendered JSON follows the statement's.
        return next() % 3 === 0 ? { Resource: singleOrList(resources), ...statement } : statement;
      });
      const policy: PolicyDocument = { Version: POLICY_VERSION, Statement: statements };
      const limit = 300 + (next() % 3000);
      const parts = splitGrantPolicy(policy, limit);
      expect(parts).toEqual(referenceSplit(policy, limit));
      for (const part of parts) expect(policySize(part)).toBeLessThanOrEqual(limit);
      if (parts.length > 1) split++;
      // Sid-less statements share a slot when split (real grants name every statement): merge only named ones.
      if (statements.every((st) => st.Sid !== undefined)) {
        expect(mergeGrantPolicies(parts)).toEqual(mergeGrantPolicies([policy]));
      }
    }
    expect(split).toBeGreaterThan(200);
  });
});
