import { Lexer, marked, type Tokens } from "marked";
import { describe, expect, it } from "vitest";
import { twoAccountSpec } from "../../../test/unit/support/access-specs.js";
import { HOSTILE } from "../../../test/unit/support/picture-plans.js";
import type { TargetDiff } from "../../core/diff/diff-access.js";
import { buildAccessPlan } from "../../core/plan/build-access-plan.js";
import type { DiffView } from "../render-diff.js";
import { renderDiffMarkdown } from "./render-diff-markdown.js";

const plan = buildAccessPlan(twoAccountSpec, "crossrole.yaml");
const [first, second] = plan.targets;
const LIVE_ONLY = "OldLiveExternalId0123456789";

function view(): DiffView {
  if (first === undefined || second === undefined) throw new Error("plan");
  const drifting: TargetDiff = {
    target: first.name,
    roleArn: first.roleArn,
    status: "update",
    trust: {
      equal: false,
      changed: [
        {
          fields: [
            {
              field: "principal",
              added: ["AWS:arn:aws:iam::222222222222:user/ci-builder"],
              removed: [`AWS:arn:aws:iam::999999999999:user/${HOSTILE}`],
            },
            { field: "externalId", added: first.externalIds, removed: [LIVE_ONLY] },
          ],
        },
      ],
      missing: [],
      extra: [],
    },
    permissions: {
      equal: false,
      changed: [{ fields: [{ field: "action", added: [], removed: ["s3:DeleteObject"] }] }],
      missing: [],
      extra: [{ Effect: "Allow", Action: "s3:*", Resource: `arn:aws:s3:::${HOSTILE}` }],
    },
    tags: [],
    managedPolicies: { attach: [], detach: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
    orphanedPrincipals: [],
    foreignInlinePolicies: [],
  };
  const inSync: TargetDiff = {
    ...drifting,
    target: second.name,
    roleArn: second.roleArn,
    status: "in-sync",
    trust: { equal: true, changed: [], missing: [], extra: [] },
    permissions: { equal: true, changed: [], missing: [], extra: [] },
    managedPolicies: { attach: [], detach: [] },
  };
  return {
    targets: [
      { state: { plan: first }, diff: drifting, calls: [] },
      { state: { plan: second }, diff: inSync, calls: [] },
    ],
  };
}

describe("renderDiffMarkdown", () => {
  it("lists the +/- of principals, masked ExternalIds, actions and resources per drifting part", async () => {
    const md = renderDiffMarkdown(view(), true);
    expect(md).toMatch(/^## crossrole diff: drift in 1 of 2 parts/);
    const diffs = Lexer.lex(md).filter((t): t is Tokens.Code => t.type === "code" && t.lang === "diff");
    expect(diffs).toHaveLength(1);
    const body = diffs[0]?.text ?? "";
    expect(body).toContain("+ trust principal AWS:arn:aws:iam::222222222222:user/ci-builder");
    expect(body).toMatch(/^- trust principal AWS:arn:aws:iam::999999999999:user\/x/m);
    expect(body).toContain("+ trust ExternalId …zXi0");
    expect(body).toContain("- trust ExternalId …6789");
    expect(body).toContain("- permissions action s3:DeleteObject");
    expect(body).toContain("- permissions statement (Allow) action s3:*");
    expect(body).toContain("- managed policy arn:aws:iam::aws:policy/AdministratorAccess");
    for (const secret of [...plan.targets.flatMap((t) => t.externalIds), LIVE_ONLY])
      expect(md).not.toContain(secret);
    const html = await marked.parse(md, { gfm: true });
    expect(html).not.toMatch(/<script|<a /i);
  });

  it("says no drift when everything is in sync", () => {
    const v = view();
    v.targets = v.targets.slice(1);
    expect(renderDiffMarkdown(v, false)).toMatch(/no drift[\s\S]*matches the spec/);
  });
});
