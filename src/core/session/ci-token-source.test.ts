import { describe, expect, it } from "vitest";
import type { KeylessBuild } from "../plan/keyless-build.js";
import { selectCiTokenSource } from "./ci-token-source.js";

const keyless: KeylessBuild = {
  buildRoleArn: "arn:aws:iam::222222222222:role/ci-deployer",
  issuer: "https://token.actions.githubusercontent.com",
  audience: "sts.amazonaws.com",
  tokenVariable: "CROSSROLE_ID_TOKEN",
};
const GITHUB = { ACTIONS_ID_TOKEN_REQUEST_URL: "https://x/idtoken?a=1", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "r" };

describe("selectCiTokenSource", () => {
  it.each([
    ["no build.oidc", GITHUB, undefined, {}, undefined],
    ["GitHub's endpoint", GITHUB, keyless, {}, { kind: "github", audience: "sts.amazonaws.com" }],
    [
      "the token variable first",
      { ...GITHUB, CROSSROLE_ID_TOKEN: "t" },
      keyless,
      {},
      { kind: "variable", name: "CROSSROLE_ID_TOKEN" },
    ],
    [
      "the flag's variable",
      { ...GITHUB, MINE: "t" },
      keyless,
      { tokenVariable: "MINE" },
      { kind: "variable", name: "MINE" },
    ],
    ["--source-profile wins", GITHUB, keyless, { sourceProfile: "p" }, undefined],
    ["keys in the environment win", { ...GITHUB, AWS_ACCESS_KEY_ID: "AKIA" }, keyless, {}, undefined],
    ["AWS_PROFILE wins", { ...GITHUB, AWS_PROFILE: "p" }, keyless, {}, undefined],
    [
      "the SDK's web identity convention wins",
      { ...GITHUB, AWS_WEB_IDENTITY_TOKEN_FILE: "/t" },
      keyless,
      {},
      undefined,
    ],
    ["an empty variable is unset", { CROSSROLE_ID_TOKEN: "" }, keyless, {}, undefined],
    ["no CI at all: the default chain", {}, keyless, {}, undefined],
  ] as const)("%s", (_, env, build, request, expected) => {
    expect(selectCiTokenSource(env, build, request)).toEqual(expected);
  });

  it.each([
    [
      "a GitHub job without id-token: write",
      { GITHUB_ACTIONS: "true" },
      {},
      "ID_TOKEN_MISSING",
      "permissions: id-token: write",
    ],
    [
      "half of GitHub's variables",
      { ACTIONS_ID_TOKEN_REQUEST_URL: "https://x" },
      {},
      "ID_TOKEN_MISSING",
      "ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set",
    ],
    [
      "a GitLab job without id_tokens",
      { GITLAB_CI: "true" },
      {},
      "ID_TOKEN_MISSING",
      "id_tokens: { CROSSROLE_ID_TOKEN: { aud: sts.amazonaws.com } }",
    ],
    [
      "--id-token-variable unset",
      {},
      { tokenVariable: "MINE" },
      "ID_TOKEN_MISSING",
      "--id-token-variable MINE: the variable is not set",
    ],
  ] as const)("refuses %s", (_, env, request, code, text) => {
    let error: unknown;
    try {
      selectCiTokenSource(env, keyless, request);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code, kind: "environment" });
    expect(`${(error as Error).message} ${(error as { hint?: string }).hint}`).toContain(text);
  });

  it("refuses --id-token-variable without build.oidc (invalid input)", () => {
    expect(() => selectCiTokenSource({ MINE: "t" }, undefined, { tokenVariable: "MINE" })).toThrow(
      /needs a spec target with build.oidc/,
    );
  });
});
