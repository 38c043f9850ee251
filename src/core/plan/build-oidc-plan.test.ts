import { describe, expect, it } from "vitest";
import { buildOidcTrustPolicy } from "./build-oidc-plan.js";

const base = {
  providerArn: "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com",
  providerUrl: "token.actions.githubusercontent.com",
  audience: "sts.amazonaws.com",
};
const K = "token.actions.githubusercontent.com";

describe("buildOidcTrustPolicy", () => {
  it.each<[string, string[], Record<string, string[]>, unknown[]]>([
    [
      "one exact subject: one StringEquals statement, single values as strings",
      ["repo:a/b:ref:refs/heads/main"],
      {},
      [
        {
          Sid: "WebIdentitySubjects",
          StringEquals: { [`${K}:aud`]: "sts.amazonaws.com", [`${K}:sub`]: "repo:a/b:ref:refs/heads/main" },
        },
      ],
    ],
    [
      "two exact subjects: a list",
      ["repo:a/b:ref:refs/heads/main", "repo:a/b:environment:prod"],
      {},
      [
        {
          Sid: "WebIdentitySubjects",
          StringEquals: {
            [`${K}:aud`]: "sts.amazonaws.com",
            [`${K}:sub`]: ["repo:a/b:ref:refs/heads/main", "repo:a/b:environment:prod"],
          },
        },
      ],
    ],
    [
      "a pattern only: StringLike for sub, StringEquals for aud",
      ["repo:a/b:environment:*"],
      {},
      [
        {
          Sid: "WebIdentitySubjectPatterns",
          StringEquals: { [`${K}:aud`]: "sts.amazonaws.com" },
          StringLike: { [`${K}:sub`]: "repo:a/b:environment:*" },
        },
      ],
    ],
    [
      "exact and pattern: two statements (one statement would AND them), claims in both",
      ["repo:a/b:ref:refs/heads/main", "repo:a/b:environment:pr?d"],
      { repository: ["a/b"], workflow: ["deploy*"] },
      [
        {
          Sid: "WebIdentitySubjects",
          StringEquals: {
            [`${K}:aud`]: "sts.amazonaws.com",
            [`${K}:repository`]: "a/b",
            [`${K}:sub`]: "repo:a/b:ref:refs/heads/main",
          },
          StringLike: { [`${K}:workflow`]: "deploy*" },
        },
        {
          Sid: "WebIdentitySubjectPatterns",
          StringEquals: { [`${K}:aud`]: "sts.amazonaws.com", [`${K}:repository`]: "a/b" },
          StringLike: { [`${K}:sub`]: "repo:a/b:environment:pr?d", [`${K}:workflow`]: "deploy*" },
        },
      ],
    ],
  ])("%s", (_, subjects, claims, expected) => {
    const policy = buildOidcTrustPolicy({ ...base, subjects, claims });
    expect(policy.Statement.map((s) => ({ Sid: s.Sid, ...s.Condition }))).toEqual(expected);
    for (const s of policy.Statement) {
      expect(s).toMatchObject({
        Effect: "Allow",
        Principal: { Federated: base.providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
      });
    }
  });
});
