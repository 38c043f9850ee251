import { describe, expect, it } from "vitest";
import { estimateEntropyBits, looksLikeWords } from "./estimate-entropy-bits.js";
import { matchesIamPattern } from "./match-iam-pattern.js";

describe("estimateEntropyBits", () => {
  it.each([
    ["", 0, 0],
    ["aaaaaaaaaaaaaaaaaaaa", 0, 0],
    ["Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo9VzXi0", 180, 220],
    ["3f1c9a7e-5b2d-4e8f-9a6c-1d2e3f4a5b6c", 100, 150],
  ])("%s scores between %i and %i bits", (value, low, high) => {
    const bits = estimateEntropyBits(value);
    expect(bits).toBeGreaterThanOrEqual(low);
    expect(bits).toBeLessThanOrEqual(high);
  });
});

describe("looksLikeWords", () => {
  it.each([
    ["some_key_build", true],
    ["ourthing-prod-build", true],
    ["buildkey", true],
    ["Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo9VzXi0", false],
    ["3f1c9a7e-5b2d-4e8f-9a6c-1d2e3f4a5b6c", false],
  ])("%s → %s", (value, expected) => {
    expect(looksLikeWords(value)).toBe(expected);
  });
});

describe("matchesIamPattern", () => {
  it.each([
    ["iam:Put*", "iam:PutRolePolicy", true],
    ["IAM:passrole", "iam:PassRole", true],
    ["s3:Get?bject", "s3:GetObject", true],
    ["s3:Get*", "s3:PutObject", false],
    ["arn:aws:iam::*:role/*", "arn:aws:iam::111111111111:role/A", true],
    ["arn:aws:iam::111111111111:role/a", "arn:aws:iam::111111111111:role/A", false],
  ])("%s vs %s → %s", (pattern, value, expected) => {
    expect(matchesIamPattern(pattern, value, pattern.startsWith("arn:"))).toBe(expected);
  });
});
