import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../test/support/seeded-random.js";
import { estimateEntropyBits, looksLikeWords } from "./estimate-entropy-bits.js";

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

describe("looksLikeWords agrees with the pattern it replaced, in linear time", () => {
  // The old definition, exponential on long inputs, used here only on short ones as the oracle.
  const oracle = (value: string): boolean =>
    /^[a-z]{2,}(?:[_.:-]?[a-z]{2,})*[_.:-]?\d{0,4}$/i.test(value) && /[_.:-]|^[a-z]+$/i.test(value);

  it("gives the same answer on 50,000 random short strings", () => {
    const alphabet = "abZ12-_.:@/ é";
    const next = seededRandom(42);
    for (let i = 0; i < 50_000; i++) {
      const length = next() % 14;
      let value = "";
      for (let j = 0; j < length; j++) value += alphabet[next() % alphabet.length];
      expect(looksLikeWords(value), JSON.stringify(value)).toBe(oracle(value));
    }
  });

  it.each([
    ["ab-", true],
    ["ab--1", false],
    ["ab12345", false],
    ["abcd1234", false],
    ["ab-1234", true],
    ["ab:cd.ef_gh-ij", true],
    ["-ab", false],
    ["a", false],
    ["", false],
  ])("%s → %s", (value, expected) => {
    expect(looksLikeWords(value)).toBe(expected);
    expect(oracle(value)).toBe(expected);
  });

  it("takes under 50 ms on the ExternalIds that took seconds (40-44 letters + @x, a typed /v2 ID, 1,224 chars)", () => {
    for (const value of [
      `${"a".repeat(40)}@x`,
      `${"a".repeat(44)}@x`,
      "ourthingbuildserverexternalidproduction/v2",
      `${"ab".repeat(611)}@x`,
    ]) {
      const start = performance.now();
      looksLikeWords(value);
      expect(performance.now() - start).toBeLessThan(50);
    }
  });
});
