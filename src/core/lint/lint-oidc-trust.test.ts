import { describe, expect, it } from "vitest";
import { keylessSpec } from "../../../test/unit/support/access-specs.js";
import type { AccessPlan } from "../plan/access-plan.js";
import { buildAccessPlan } from "../plan/build-access-plan.js";
import type { PolicyCondition, PolicyDocument } from "../plan/policy-document.js";
import { lintOidc, lintWebIdentityTrust } from "./lint-oidc-trust.js";
import { lintPlan } from "./lint-plan.js";

const PROVIDER = "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com";
const GITLAB = "arn:aws:iam::222222222222:oidc-provider/gitlab.example.com";
const ROLE = "arn:aws:iam::222222222222:role/ci-deployer";
const GH = "token.actions.githubusercontent.com";

function trust(
  condition: PolicyCondition | undefined,
  provider = PROVIDER,
  action = "sts:AssumeRoleWithWebIdentity",
): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: provider },
        Action: action,
        ...(condition === undefined ? {} : { Condition: condition }),
      },
    ],
  };
}

/** The document with its statement's Action replaced by NotAction. */
function notAction(document: PolicyDocument, actions: string | string[]): PolicyDocument {
  return {
    ...document,
    Statement: document.Statement.map(({ Action: _, ...rest }) => ({ ...rest, NotAction: actions })),
  };
}

const AUD = { [`${GH}:aud`]: "sts.amazonaws.com" };

function ids(document: PolicyDocument): string[] {
  return lintWebIdentityTrust(document, { roleArn: ROLE })
    .map((f) => `${f.severity}:${f.id}`)
    .sort();
}

describe("lintWebIdentityTrust", () => {
  it.each<[string, PolicyDocument, string[]]>([
    [
      "exact sub and aud: clean",
      trust({ StringEquals: { ...AUD, [`${GH}:sub`]: "repo:acme/app:ref:refs/heads/main" } }),
      [],
    ],
    ["aud only: no sub (critical)", trust({ StringEquals: AUD }), ["error:oidc-trust-without-sub"]],
    [
      "no condition at all",
      trust(undefined),
      ["error:oidc-trust-without-sub", "warning:oidc-audience-missing"],
    ],
    [
      "sts:* counts as the action",
      trust({ StringEquals: AUD }, PROVIDER, "sts:*"),
      ["error:oidc-trust-without-sub"],
    ],
    ["another action: not a web identity trust", trust(undefined, PROVIDER, "sts:AssumeRole"), []],
    [
      "NotAction sts:TagSession allows web identity: judged like the action",
      notAction(trust({ StringEquals: AUD }), "sts:TagSession"),
      ["error:oidc-trust-without-sub"],
    ],
    [
      "NotAction of the web identity action: not a web identity trust",
      notAction(trust(undefined), ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]),
      [],
    ],
    [
      "sub only under ForAllValues: holds when the claim is absent",
      trust({ StringEquals: AUD, "ForAllValues:StringLike": { [`${GH}:sub`]: "repo:acme/app:*" } }),
      ["error:oidc-trust-without-sub"],
    ],
    [
      "sub only negated",
      trust({ StringEquals: AUD, StringNotEquals: { [`${GH}:sub`]: "repo:evil/x:ref:refs/heads/main" } }),
      ["error:oidc-trust-without-sub"],
    ],
    [
      "key case differs: still the sub key",
      trust({ StringEquals: { ...AUD, [`${GH}:SUB`]: "repo:acme/app:ref:refs/heads/main" } }),
      [],
    ],
    [
      "repo:acme/*: a whole owner",
      trust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:acme/*" } }),
      ["error:oidc-sub-wildcard-too-broad"],
    ],
    [
      "repo:*: the platform",
      trust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:*" } }),
      ["error:oidc-sub-wildcard-too-broad"],
    ],
    [
      "*: everything",
      trust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "*" } }),
      ["error:oidc-sub-wildcard-too-broad"],
    ],
    [
      "repo:acme/app*: repositories named app-…",
      trust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:acme/app*" } }),
      ["error:oidc-sub-wildcard-too-broad"],
    ],
    [
      "repo:acme/app:*: one repository, any ref",
      trust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:acme/app:*" } }),
      [],
    ],
    [
      "GitLab project_path:acme/*",
      trust(
        {
          StringEquals: { "gitlab.example.com:aud": "https://gitlab.example.com" },
          StringLike: { "gitlab.example.com:sub": "project_path:acme/*" },
        },
        GITLAB,
      ),
      ["error:oidc-sub-wildcard-too-broad"],
    ],
    [
      "GitLab one project, any branch",
      trust(
        {
          StringEquals: { "gitlab.example.com:aud": "https://gitlab.example.com" },
          StringLike: { "gitlab.example.com:sub": "project_path:acme/app:ref_type:branch:ref:*" },
        },
        GITLAB,
      ),
      [],
    ],
    [
      "StringLike without a wildcard",
      trust({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:acme/app:ref:refs/heads/main" } }),
      ["warning:oidc-stringlike-without-wildcard"],
    ],
    [
      "no aud",
      trust({ StringEquals: { [`${GH}:sub`]: "repo:acme/app:ref:refs/heads/main" } }),
      ["warning:oidc-audience-missing"],
    ],
    [
      "GitHub's default audience https://github.com/acme",
      trust({
        StringEquals: {
          [`${GH}:aud`]: "https://github.com/acme",
          [`${GH}:sub`]: "repo:acme/app:ref:refs/heads/main",
        },
      }),
      ["warning:oidc-audience-unusual"],
    ],
    [
      "aud as a pattern",
      trust({
        StringEquals: { [`${GH}:sub`]: "repo:acme/app:ref:refs/heads/main" },
        StringLike: { [`${GH}:aud`]: "sts.*" },
      }),
      ["warning:oidc-audience-unusual"],
    ],
  ])("%s", (_, document, expected) => {
    expect(ids(document)).toEqual(expected);
  });

  it("gives every finding a message naming the role and a fix", () => {
    for (const f of lintWebIdentityTrust(trust(undefined), { roleArn: ROLE })) {
      expect(f.message).toContain(ROLE);
      expect(f.fix.length).toBeGreaterThan(10);
    }
    expect(lintWebIdentityTrust(trust({ StringEquals: AUD }), { roleArn: ROLE })[0]?.message).toMatch(
      /^CRITICAL: /,
    );
  });
});

describe("lintOidc on the plan", () => {
  function plan(edit: (p: AccessPlan) => void = () => {}): AccessPlan {
    const built = buildAccessPlan(keylessSpec, "crossrole.yaml");
    edit(built);
    return built;
  }

  it("finds nothing in the plan crossrole builds from a keyless spec", () => {
    expect(lintOidc(plan())).toEqual([]);
    expect(lintPlan(plan()).filter((f) => f.severity !== "info")).toEqual([]);
  });

  it("warns about a BUILD session above the chaining cap, and reports an edited trust through lintPlan", () => {
    const edited = plan((p) => {
      if (p.build.oidc === undefined) throw new Error("no oidc");
      p.build.oidc.maxSessionDuration = 7200;
      p.build.oidc.trustPolicy = trust({ StringEquals: AUD });
    });
    expect(lintPlan(edited).map((f) => f.id)).toEqual(
      expect.arrayContaining(["oidc-trust-without-sub", "oidc-session-over-chaining-cap"]),
    );
  });
});
