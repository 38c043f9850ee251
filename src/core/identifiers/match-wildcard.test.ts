import { describe, expect, it } from "vitest";
import { matchesWildcard } from "./match-wildcard.js";

describe("matchesWildcard", () => {
  it.each([
    ["abc", "abc", true],
    ["abc", "abd", false],
    ["abc", "ab", false],
    ["ab", "abc", false],
    ["*", "", true],
    ["*", "anything/at:all", true],
    ["", "", true],
    ["", "a", false],
    ["a*", "a", true],
    ["a*c", "abbbc", true],
    ["a*c", "abbbd", false],
    ["*c", "abc", true],
    ["a*b*c", "aXbYc", true],
    ["a*b*c", "aXcYb", false],
    ["**", "x", true],
    [
      "arn:aws:iam::*:role/OrganizationAccountAccessRole",
      "arn:aws:iam::123456789012:role/OrganizationAccountAccessRole",
      true,
    ],
    [
      "arn:aws:iam::*:role/OrganizationAccountAccessRole",
      "arn:aws:iam::123456789012:role/OrganizationAccountAccessRole2",
      false,
    ],
    ["arn:aws:iam::111111111111:role/ci/*", "arn:aws:iam::111111111111:role/ci/deep/path/x", true],
    ["arn:aws:iam::111111111111:role/ci/*", "arn:aws:iam::111111111111:role/cd/x", false],
    ["Role", "role", false],
    ["a?c", "abc", false],
    ["a.c", "abc", false],
  ])("%j ~ %j: %s", (pattern, text, expected) => {
    expect(matchesWildcard(pattern, text)).toBe(expected);
  });

  it("agrees with an anchored regular expression on random patterns and texts (property)", () => {
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 16;
    };
    const word = (n: number, alphabet: string) =>
      Array.from({ length: next() % n }, () => alphabet[next() % alphabet.length]).join("");
    for (let i = 0; i < 5000; i++) {
      const pattern = word(8, "ab*");
      const text = word(10, "ab");
      const regex = new RegExp(`^${pattern.replace(/\*/g, ".*")}$`, "s");
      expect(matchesWildcard(pattern, text), `${pattern} ~ ${text}`).toBe(regex.test(text));
    }
  });

  it("stays linear on a pathological pattern (many stars, no match)", () => {
    const pattern = `${"a*".repeat(2000)}b`;
    const text = "a".repeat(20000);
    const start = process.hrtime.bigint();
    expect(matchesWildcard(pattern, text)).toBe(false);
    // A backtracking regex takes minutes here; the greedy matcher is O(n*m) at worst with tiny constants.
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(2000);
  });
});
