import { describe, expect, it } from "vitest";
import { credentialCacheKey, credentialSourceFingerprint } from "./credential-cache-key.js";

const base = {
  roleArn: "arn:aws:iam::111111111111:role/deploy",
  externalId: "ext-123",
  sessionName: "ci-1",
  durationSeconds: 3600,
  caller: "caller-a",
};

describe("credentialCacheKey", () => {
  it("is independent of tag order", () => {
    const a = credentialCacheKey({
      ...base,
      tags: [
        { key: "a", value: "1" },
        { key: "b", value: "2" },
      ],
    });
    const b = credentialCacheKey({
      ...base,
      tags: [
        { key: "b", value: "2" },
        { key: "a", value: "1" },
      ],
    });
    expect(a).toBe(b);
  });

  it.each([
    ["role", { roleArn: "arn:aws:iam::111111111111:role/other" }],
    ["ExternalId", { externalId: "ext-124" }],
    ["no ExternalId", { externalId: undefined }],
    ["session name", { sessionName: "ci-2" }],
    ["source identity", { sourceIdentity: "alice" }],
    ["tags", { tags: [{ key: "a", value: "1" }] }],
    ["duration", { durationSeconds: 900 }],
    ["endpoint", { endpoint: "http://127.0.0.1:5000" }],
    ["caller", { caller: "caller-b" }],
  ])("changes with the %s", (_, change) => {
    expect(credentialCacheKey({ ...base, ...change })).not.toBe(credentialCacheKey(base));
  });
});

describe("credentialSourceFingerprint", () => {
  const files = "digest-1";
  const fp = (env: Record<string, string>, secretsDigest: string | null = null, sourceProfile?: string) =>
    credentialSourceFingerprint({ env, sharedFilesDigest: files, secretsDigest, sourceProfile });

  it("distinguishes env access keys, profiles and the explicit source profile", () => {
    const all = [
      fp({ AWS_ACCESS_KEY_ID: "AKIAA" }),
      fp({ AWS_ACCESS_KEY_ID: "AKIAB" }),
      fp({ AWS_PROFILE: "ci" }),
      fp({}, null, "ci"),
    ];
    expect(new Set(all).size).toBe(4);
  });

  it.each<[string, string | null, string | null]>([
    ["another secret (or token) digest", "hmac-of-S", "hmac-of-wrong"],
    ["a secret where there was none", null, "hmac-of-S"],
  ])("the same access key ID with %s is another caller", (_, a, b) => {
    expect(fp({ AWS_ACCESS_KEY_ID: "AKIAA" }, a)).not.toBe(fp({ AWS_ACCESS_KEY_ID: "AKIAA" }, b));
  });

  it("changes when the shared files change", () => {
    const a = credentialSourceFingerprint({
      env: {},
      sourceProfile: "ci",
      sharedFilesDigest: "1",
      secretsDigest: null,
    });
    const b = credentialSourceFingerprint({
      env: {},
      sourceProfile: "ci",
      sharedFilesDigest: "2",
      secretsDigest: null,
    });
    expect(a).not.toBe(b);
  });

  it("never contains the secret key or session token", () => {
    const env = { AWS_ACCESS_KEY_ID: "ASIAX", AWS_SECRET_ACCESS_KEY: "s3cr3t", AWS_SESSION_TOKEN: "t0k3n" };
    const text = fp(env, "digest");
    expect(text).not.toContain("s3cr3t");
    expect(text).not.toContain("t0k3n");
  });
});
