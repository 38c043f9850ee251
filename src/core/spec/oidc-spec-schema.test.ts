import { describe, expect, it } from "vitest";
import { SpecError } from "../errors.js";
import { parseSpec } from "./parse-spec.js";

function spec(oidc: string[], principal = "role/ci-deployer"): string {
  return [
    "version: 1",
    "region: eu-west-1",
    "build:",
    '  account: "222222222222"',
    `  principal: ${principal}`,
    "  oidc:",
    ...oidc.map((l) => `    ${l}`),
    "targets:",
    "  app:",
    '    account: "111111111111"',
    "    role: AppBuildRole",
    "    externalId: Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo9VzXi0",
    "",
  ].join("\n");
}

function problems(text: string): string[] {
  try {
    parseSpec(text, "crossrole.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as SpecError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
}

const SUB = 'subjects: ["repo:acme/app:ref:refs/heads/main"]';

describe("build.oidc", () => {
  it.each<[string, string[], string, string | undefined]>([
    ["github with a subject", ["provider: github", SUB], "role/ci-deployer", undefined],
    [
      "gitlab",
      ["provider: gitlab", 'subjects: ["project_path:acme/app:ref_type:branch:ref:main"]'],
      "role/ci/deployer",
      undefined,
    ],
    [
      "an issuer URL with an audience",
      ["provider: https://gitlab.example.com", "audience: https://gitlab.example.com", SUB],
      "role/ci-deployer",
      undefined,
    ],
    [
      "a role ARN principal",
      ["provider: github", SUB],
      "arn:aws:iam::222222222222:role/ci-deployer",
      undefined,
    ],
    [
      "GitHub claim keys",
      ["provider: github", SUB, "claims: { repository: acme/app, environment: [prod, staging] }"],
      "role/x",
      undefined,
    ],
    [
      "a user principal",
      ["provider: github", SUB],
      "user/ci",
      "build.principal: with oidc, the BUILD principal is the role",
    ],
    ["root", ["provider: github", SUB], "root", "build.principal: with oidc"],
    ["no subjects", ["provider: github"], "role/x", "build.oidc.subjects: is required"],
    ["empty subjects", ["provider: github", "subjects: []"], "role/x", "must list at least one subject"],
    [
      "a repeated subject",
      ["provider: github", 'subjects: ["a", "a"]'],
      "role/x",
      "must not list a subject twice",
    ],
    [
      "http issuer",
      ["provider: http://gitlab.example.com", "audience: x", SUB],
      "role/x",
      "must be github, gitlab, or an issuer URL",
    ],
    [
      "issuer with a port",
      ["provider: https://gitlab.example.com:8443", "audience: x", SUB],
      "role/x",
      "without port",
    ],
    [
      "issuer URL without audience",
      ["provider: https://gitlab.example.com", SUB],
      "role/x",
      "build.oidc.audience: is required",
    ],
    [
      "a claim AWS does not expose for GitLab",
      ["provider: gitlab", SUB, "claims: { project_path: acme/app }"],
      "role/x",
      "AWS exposes no condition key for claim project_path",
    ],
    ["sub under claims", ["provider: github", SUB, "claims: { sub: x }"], "role/x", "sub is set by subjects"],
    ["an unknown key", ["provider: github", SUB, "subject: x"], "role/x", "build.oidc"],
    ["session too long", ["provider: github", SUB, "maxSessionDuration: 50000"], "role/x", "at most 43200"],
  ])("%s", (_, oidc, principal, phrase) => {
    const found = problems(spec(oidc, principal));
    if (phrase === undefined) expect(found).toEqual([]);
    else expect(found.join("\n")).toContain(phrase);
  });
});
