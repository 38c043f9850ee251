import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { type AssumeRoleParameters, isRoleArn, validateAssumeRequest } from "./validate-assume-request.js";

const ok: AssumeRoleParameters = {
  roleArn: "arn:aws:iam::111111111111:role/ci/deploy",
  externalId: "crossrole-ext-4f1c",
  sessionName: "ci-1",
  durationSeconds: 3600,
};

describe("validateAssumeRequest", () => {
  it("accepts a valid request", () => {
    expect(() => validateAssumeRequest(ok)).not.toThrow();
    expect(() =>
      validateAssumeRequest({
        ...ok,
        sourceIdentity: "alice@example.com",
        tags: [{ key: "team", value: "" }],
      }),
    ).not.toThrow();
  });

  it.each<[string, Partial<AssumeRoleParameters>, RegExp]>([
    ["user ARN", { roleArn: "arn:aws:iam::111111111111:user/x" }, /not an IAM role ARN/],
    ["short account", { roleArn: "arn:aws:iam::1111:role/x" }, /not an IAM role ARN/],
    ["ExternalId charset", { externalId: "has space" }, /ExternalId is invalid/],
    ["ExternalId too short", { externalId: "x" }, /ExternalId is invalid/],
    ["session name charset", { sessionName: "a/b" }, /invalid session name/],
    ["session name length", { sessionName: "a".repeat(65) }, /invalid session name/],
    ["duration too short", { durationSeconds: 899 }, /900\.\.43200/],
    ["duration too long", { durationSeconds: 43_201 }, /900\.\.43200/],
    ["duration fraction", { durationSeconds: 1000.5 }, /900\.\.43200/],
    ["source identity aws:", { sourceIdentity: "aws:me" }, /must not start with "aws:"/],
    ["source identity charset", { sourceIdentity: "a b" }, /invalid source identity/],
    ["tag key aws:", { tags: [{ key: "aws:x", value: "1" }] }, /reserved/],
    ["tag key too long", { tags: [{ key: "k".repeat(129), value: "1" }] }, /invalid session tag key/],
    ["tag value too long", { tags: [{ key: "k", value: "v".repeat(257) }] }, /invalid value/],
    ["tag value charset", { tags: [{ key: "k", value: "a;b" }] }, /invalid value/],
    [
      "duplicate tag",
      {
        tags: [
          { key: "K", value: "1" },
          { key: "k", value: "2" },
        ],
      },
      /twice/,
    ],
    [
      "51 tags",
      { tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: "v" })) },
      /too many session tags/,
    ],
  ])("rejects %s", (_, change, message) => {
    let error: unknown;
    try {
      validateAssumeRequest({ ...ok, ...change });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it("isRoleArn", () => {
    expect(isRoleArn("arn:aws-cn:iam::111111111111:role/a/b/c")).toBe(true);
    expect(isRoleArn("arn:aws:sts::111111111111:assumed-role/a/b")).toBe(false);
  });
});
