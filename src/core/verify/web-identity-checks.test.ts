import { describe, expect, it } from "vitest";
import { keylessSpec } from "../../../test/unit/support/access-specs.js";
import { buildAccessPlan } from "../plan/build-access-plan.js";
import type { PolicyDocument } from "../plan/policy-document.js";
import type { ProbeOutcome } from "./probe-outcome.js";
import { decodeClaims, FORGED_CLAIM, forgeToken } from "./tamper-web-identity-token.js";
import { checkForgedRefused, checkTokenAccepted, checkTrustStatically } from "./web-identity-checks.js";

const plan = buildAccessPlan(keylessSpec, "crossrole.yaml");
const oidc =
  plan.build.oidc ??
  (() => {
    throw new Error("no oidc");
  })();
const GH = "token.actions.githubusercontent.com";

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
const TOKEN = `${b64url({ alg: "RS256", kid: "k" })}.${b64url({ sub: "repo:acme/app:ref:refs/heads/main", aud: "sts.amazonaws.com", n: "é" })}.c2lnbmF0dXJl`;

describe("forgeToken", () => {
  it("keeps every claim of the real token and adds only the crossrole_forged mark; header and signature kept", () => {
    const forged = forgeToken(TOKEN) as string;
    const [h, , s] = forged.split(".");
    expect([h, s]).toEqual([TOKEN.split(".")[0], TOKEN.split(".")[2]]);
    expect(FORGED_CLAIM).toBe("crossrole_forged");
    // sub and aud unchanged: a trust that pins them cannot refuse the copy for them, only the signature check can.
    expect(decodeClaims(forged)).toEqual({
      sub: "repo:acme/app:ref:refs/heads/main",
      aud: "sts.amazonaws.com",
      n: "é",
      crossrole_forged: true,
    });
    expect(forged).not.toBe(TOKEN);
  });
  it.each([["not a jwt"], ["a.b"], [`${b64url({})}.bm90IGpzb24.sig`], [`${b64url({})}.${b64url([1])}.sig`]])(
    "refuses what is not a JWT with a JSON object payload: %s",
    (token) => {
      expect(forgeToken(token)).toBeUndefined();
    },
  );
});

const denied: ProbeOutcome = { result: "denied", code: "InvalidIdentityTokenException", requestId: "r1" };
const allowed: ProbeOutcome = { result: "allowed", requestId: "r2" };
const noAnswer: ProbeOutcome = { result: "error", code: "HTTP 503", message: "503" };

describe("web identity checks", () => {
  it.each<[string, ProbeOutcome | undefined, string]>([
    ["refused forged token", denied, "pass:"],
    ["accepted forged token", allowed, "fail:critical"],
    ["no AWS answer", noAnswer, "fail:error"],
    ["no forged copy could be made", undefined, "fail:error"],
  ])("forged token: %s", (_name, outcome, expected) => {
    const check = checkForgedRefused(oidc, outcome, allowed);
    expect(`${check.status}:${check.severity ?? ""}`).toBe(expected);
  });

  it.each<[string, ProbeOutcome, ProbeOutcome, string]>([
    ["the real token refused too", denied, denied, "fail:error"],
    ["the real token unanswered", denied, noAnswer, "fail:error"],
    ["the real token refused, the forged one accepted", allowed, denied, "fail:critical"],
  ])(
    "forged token when %s: a refusal proves nothing about the signature",
    (_name, forged, real, expected) => {
      const check = checkForgedRefused(oidc, forged, real);
      expect(`${check.status}:${check.severity ?? ""}`).toBe(expected);
      if (expected === "fail:error") expect(check.detail).toMatch(/^could not be judged: the real token/);
    },
  );

  it.each<[string, ProbeOutcome, string]>([
    ["accepted", allowed, "pass:"],
    ["refused", denied, "fail:error"],
    ["no answer", noAnswer, "fail:error"],
  ])("the token itself: %s", (_name, outcome, expected) => {
    const check = checkTokenAccepted(oidc, "the token", outcome, undefined);
    expect(`${check.status}:${check.severity ?? ""}`).toBe(expected);
    if (outcome === noAnswer) expect(check.detail).toMatch(/^could not be judged/);
  });

  const statement = (condition: Record<string, Record<string, string | string[]>>): PolicyDocument => ({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidc.providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: condition,
      },
    ],
  });
  const sub = `${GH}:sub`;
  const aud = { [`${GH}:aud`]: "sts.amazonaws.com" };
  it.each<[string, PolicyDocument | undefined, string[]]>([
    ["crossrole's own trust", oidc.trustPolicy, ["pass:", "pass:", "info:info"]],
    ["aud only", statement({ StringEquals: aud }), ["fail:critical", "pass:", "info:info"]],
    [
      "sub over the owner",
      statement({ StringEquals: aud, StringLike: { [sub]: "repo:acme/*" } }),
      ["fail:error", "pass:", "info:info"],
    ],
    [
      "another exact sub than the spec's",
      statement({ StringEquals: { ...aud, [sub]: "repo:acme/other:ref:refs/heads/main" } }),
      ["fail:error", "pass:", "info:info"],
    ],
    ["no aud", statement({ StringEquals: { [sub]: oidc.subjects } }), ["pass:", "fail:error", "info:info"]],
    [
      "crossrole's trust plus a NotAction statement (web identity allowed) with aud and no sub",
      {
        ...oidc.trustPolicy,
        Statement: [
          ...oidc.trustPolicy.Statement,
          {
            Effect: "Allow",
            Principal: { Federated: oidc.providerArn },
            NotAction: "sts:TagSession",
            Condition: { StringEquals: aud },
          },
        ],
      },
      ["fail:critical", "pass:", "info:info"],
    ],
    ["unreadable: not judged", undefined, ["fail:error", "fail:error", "info:info"]],
  ])("judged from the live trust: %s", (_name, trust, expected) => {
    const checks = checkTrustStatically(oidc, trust, "no BUILD admin credentials");
    expect(checks.map((c) => `${c.status}:${c.severity ?? ""}`)).toEqual(expected);
  });
});
