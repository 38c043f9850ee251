import { describe, expect, it } from "vitest";
import { buildRevokePolicy, REVOKE_POLICY_NAME, readRevokeCutoff } from "./revoke-policy.js";

describe("buildRevokePolicy", () => {
  it("is the console's AWSRevokeOlderSessions document", () => {
    expect(REVOKE_POLICY_NAME).toBe("AWSRevokeOlderSessions");
    expect(JSON.stringify(buildRevokePolicy(new Date("2026-11-27T10:00:00.000Z")))).toBe(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["*"],"Resource":["*"],"Condition":{"DateLessThan":{"aws:TokenIssueTime":"2026-11-27T10:00:00.000Z"}}}]}',
    );
  });
});

describe("readRevokeCutoff", () => {
  it("reads the cutoff back, also from string forms", () => {
    const at = new Date("2026-11-27T10:00:00.000Z");
    expect(readRevokeCutoff(buildRevokePolicy(at))).toEqual(at);
    expect(
      readRevokeCutoff({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Deny",
            Action: "*",
            Resource: "*",
            Condition: { DateLessThan: { "aws:TokenIssueTime": "2026-01-01T00:00:00Z" } },
          },
        ],
      }),
    ).toEqual(new Date("2026-01-01T00:00:00Z"));
  });

  it("is undefined for other documents", () => {
    expect(readRevokeCutoff(undefined)).toBeUndefined();
    expect(
      readRevokeCutoff({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
      }),
    ).toBeUndefined();
    expect(
      readRevokeCutoff({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Deny",
            Action: "s3:*",
            Resource: "*",
            Condition: { DateLessThan: { "aws:TokenIssueTime": "2026-01-01T00:00:00Z" } },
          },
        ],
      }),
    ).toBeUndefined();
  });
});
