import { describe, expect, it } from "vitest";
import { SESSION_NAME } from "../identifiers/aws-patterns.js";
import { readTokenClaims, type WebIdentityClaims, webIdentitySessionName } from "./web-identity-claims.js";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const jwt = (payload: unknown) => `${b64({ alg: "RS256", typ: "JWT" })}.${b64(payload)}.c2lnbmF0dXJl`;
const claims = (
  other: Record<string, string>,
  sub = "repo:acme/app:ref:refs/heads/main",
): WebIdentityClaims => ({
  iss: "https://token.actions.githubusercontent.com",
  sub,
  aud: "sts.amazonaws.com",
  other,
});

describe("webIdentitySessionName", () => {
  it.each([
    [
      "GitHub branch",
      { repository: "acme/app", ref: "refs/heads/main", run_id: "4242", run_attempt: "1" },
      "acme.app@main-r4242",
    ],
    [
      "GitHub re-run",
      { repository: "acme/app", ref: "refs/heads/main", run_id: "4242", run_attempt: "3" },
      "acme.app@main-r4242.3",
    ],
    ["GitHub tag", { repository: "acme/app", ref: "refs/tags/v1.2.3", run_id: "7" }, "acme.app@v1.2.3-r7"],
    [
      "GitHub pull request",
      { repository: "acme/app", ref: "refs/pull/12/merge", run_id: "8" },
      "acme.app@refs-pull-12-merge-r8",
    ],
    [
      "GitLab",
      { project_path: "group/sub/app", ref: "main", pipeline_id: "9001" },
      "group.sub.app@main-r9001",
    ],
    ["no ref", { repository: "acme/app", run_id: "5" }, "acme.app-r5"],
    ["no run", { repository: "acme/app", ref: "refs/heads/dev" }, "acme.app@dev"],
    [
      "hostile characters",
      { repository: "acme/a p$p", ref: "refs/heads/fe/ä", run_id: "1" },
      "acme.a-p-p@fe-r1",
    ],
    [
      "long repository and ref: the run survives",
      { repository: `acme/${"x".repeat(80)}`, ref: `refs/heads/${"y".repeat(40)}`, run_id: "123456789012" },
      `acme.${"x".repeat(45)}-r123456789012`,
    ],
  ])("%s", (_, other, expected) => {
    const name = webIdentitySessionName(claims(other));
    expect(name).toBe(expected);
    expect(name).toMatch(SESSION_NAME);
    expect(name.length).toBeLessThanOrEqual(64);
  });

  it.each([
    [
      "the subject when there is no repository or project",
      "repo:acme/app:environment:prod",
      "repo-acme-app-environment-prod",
    ],
    ["a valid name for a one-character subject", "x", "crossrole-x"],
  ])("falls back to %s", (_, sub, expected) => {
    expect(webIdentitySessionName(claims({}, sub))).toBe(expected);
  });
});

describe("readTokenClaims", () => {
  it("reads iss, sub, the first aud and the other scalar claims without verifying", () => {
    const read = readTokenClaims(
      jwt({ iss: "https://gitlab.com", sub: "s", aud: ["a", "b"], run_id: 42, nested: { x: 1 } }),
      "$T",
    );
    expect(read).toEqual({
      iss: "https://gitlab.com",
      sub: "s",
      aud: "a",
      other: { iss: "https://gitlab.com", sub: "s", run_id: "42" },
    });
  });

  it.each([
    ["empty", "", "is not a JWT"],
    ["two parts", "a.b", "is not a JWT"],
    ["quoted", `"${jwt({ iss: "i", sub: "s", aud: "a" })}"`, "is not a JWT"],
    [
      "payload not JSON",
      `${b64({})}.${Buffer.from("nope").toString("base64url")}.c2ln`,
      "has a payload that is not JSON",
    ],
    ["payload an array", jwt([1]), "has a payload that is not a JSON object"],
    ["no sub", jwt({ iss: "i", aud: "a" }), "lacks one of the iss, sub and aud claims"],
    ["huge", `${"a".repeat(20_001)}.b.c`, "is longer than 20000 characters"],
  ])("refuses %s, without the token in the message", (_, token, why) => {
    let error: unknown;
    try {
      readTokenClaims(token, "$CROSSROLE_ID_TOKEN");
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "ID_TOKEN_INVALID", kind: "environment" });
    const message = (error as Error).message;
    expect(message).toContain(`the OIDC token from $CROSSROLE_ID_TOKEN ${why}`);
    if (token.length > 8) expect(message).not.toContain(token);
  });
});
