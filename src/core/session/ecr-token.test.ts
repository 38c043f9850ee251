import { describe, expect, it } from "vitest";
import { CrossroleError } from "../errors.js";
import { decodeEcrToken, ecrTokenLifetime, encodeDockerAuth } from "./ecr-token.js";

const b64 = (text: string) => Buffer.from(text).toString("base64");

describe("decodeEcrToken", () => {
  it("splits at the first colon", () => {
    expect(decodeEcrToken(b64("AWS:abc:def="))).toEqual({ username: "AWS", password: "abc:def=" });
    expect(decodeEcrToken(b64("AWS:111111111111-auth-token"))).toEqual({
      username: "AWS",
      password: "111111111111-auth-token",
    });
  });

  it.each([
    ["no colon", b64("AWSsecret")],
    ["empty user", b64(":secret")],
    ["empty password", b64("AWS:")],
    ["not base64", "not base64!"],
    ["empty", ""],
  ])("rejects %s without quoting it", (_what, token) => {
    let error: unknown;
    try {
      decodeEcrToken(token);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CrossroleError);
    expect((error as CrossroleError).code).toBe("ECR_TOKEN_INVALID");
    expect((error as Error).message).not.toContain("secret");
  });

  it("round-trips with encodeDockerAuth", () => {
    const token = b64("AWS:p4ss");
    expect(encodeDockerAuth(decodeEcrToken(token))).toBe(token);
  });
});

describe("ecrTokenLifetime", () => {
  const issued = new Date("2030-01-01T00:00:00Z");
  const h = (n: number) => new Date(issued.getTime() + n * 3600_000);

  it.each([
    ["plausible expiry", h(12), h(12), h(6), false],
    ["short expiry", h(2), h(2), h(1), false],
    ["missing", undefined, h(12), h(6), true],
    ["in the past (moto's 2015)", new Date("2015-01-01T00:00:00Z"), h(12), h(6), true],
    ["equal to issue", issued, h(12), h(6), true],
    ["more than 12 h away", h(48), h(12), h(6), true],
    ["invalid date", new Date(Number.NaN), h(12), h(6), true],
  ])("%s", (_what, reported, expiresAt, refreshAt, assumed) => {
    expect(ecrTokenLifetime(issued, reported)).toEqual({ issuedAt: issued, expiresAt, refreshAt, assumed });
  });
});
