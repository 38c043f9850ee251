import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../test/support/seeded-random.js";
import { matchesIamPattern } from "./match-iam-pattern.js";

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

describe("matchesIamPattern agrees with the regular expression it replaced", () => {
  const oracle = (pattern: string, value: string, caseSensitive: boolean): boolean => {
    const body = [...pattern]
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/-]/g, "\\$&")))
      .join("");
    return new RegExp(`^${body}$`, caseSensitive ? "s" : "is").test(value);
  };

  it("gives the same answer on 50,000 random short pattern/value pairs", () => {
    const alphabet = "aAb*?:/-.";
    const next = seededRandom(7);
    const random = (max: number): string => {
      let out = "";
      for (let j = next() % max; j > 0; j--) out += alphabet[next() % alphabet.length];
      return out;
    };
    for (let i = 0; i < 50_000; i++) {
      const pattern = random(8);
      const value = random(10).replace(/[*?]/g, "a");
      const caseSensitive = next() % 2 === 0;
      expect(matchesIamPattern(pattern, value, caseSensitive), `${pattern} vs ${value}`).toBe(
        oracle(pattern, value, caseSensitive),
      );
    }
  });

  it("takes under 50 ms on patterns that make a regex backtrack (`*a*a*…b` against 1,224 a's)", () => {
    const value = "a".repeat(1224);
    for (const pattern of [`${"*a".repeat(30)}b`, `${"a*".repeat(200)}b`, `*${"?".repeat(600)}*b`]) {
      const start = performance.now();
      expect(matchesIamPattern(pattern, value, true)).toBe(false);
      expect(performance.now() - start).toBeLessThan(50);
    }
  });
});

describe("matchesIamPattern, case-sensitive and * only (audit ignore file role patterns)", () => {
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
    ["a.c", "abc", false],
  ])("%j ~ %j: %s", (pattern, text, expected) => {
    expect(matchesIamPattern(pattern, text, true)).toBe(expected);
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
      expect(matchesIamPattern(pattern, text, true), `${pattern} ~ ${text}`).toBe(regex.test(text));
    }
  });

  it("stays linear on a pathological pattern (many stars, no match)", () => {
    const pattern = `${"a*".repeat(2000)}b`;
    const text = "a".repeat(20000);
    const start = process.hrtime.bigint();
    expect(matchesIamPattern(pattern, text, true)).toBe(false);
    // A backtracking regex takes minutes here; the scan is O(n*m) at worst with tiny constants.
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(2000);
  });
});
