import { describe, expect, it } from "vitest";
import { EXTERNAL_ID } from "../identifiers/aws-patterns.js";
import { generateExternalId } from "./generate-external-id.js";

/** Web Crypto (a global in Node 20): core tests may not import node:crypto. */
const cryptoRng = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

describe("generateExternalId", () => {
  it("makes 40 base62 characters by default, a valid ExternalId", () => {
    const id = generateExternalId(cryptoRng);
    expect(id).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(id).toMatch(EXTERNAL_ID);
  });

  it.each([32, 64, 1224])("makes %i characters on request", (length) => {
    expect(generateExternalId(cryptoRng, length)).toHaveLength(length);
  });

  it.each([0, 31, 1225, 40.5])("refuses length %s (under 190 bits, or over the AWS limit)", (length) => {
    expect(() => generateExternalId(cryptoRng, length)).toThrow(RangeError);
  });

  it("never repeats over 10,000 IDs", () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => generateExternalId(cryptoRng)));
    expect(ids.size).toBe(10_000);
  });

  it("maps each byte below 248 to one letter, so each letter is equally likely", () => {
    // Bytes 0..247 once each: every base62 letter exactly 4 times, in order.
    const bytes = Uint8Array.from({ length: 248 }, (_, i) => i);
    const id = generateExternalId(() => bytes, 248);
    expect(id).toBe(BASE62.repeat(4));
  });

  it("rejects bytes 248..255 instead of folding them onto the first letters (no modulo bias)", () => {
    const batches = [Uint8Array.from([248, 255, 250, 0, 61, 62, ...Array(40).fill(1)])];
    const id = generateExternalId((n) => batches.shift()?.slice(0, n) ?? new Uint8Array(n), 32);
    expect(id.slice(0, 3)).toBe("A9A");
    expect(id).toHaveLength(32);
  });

  it("asks again when a batch had too many rejected bytes", () => {
    let calls = 0;
    const id = generateExternalId(
      (n) => (++calls === 1 ? new Uint8Array(n).fill(255) : new Uint8Array(n).fill(27)),
      32,
    );
    expect(id).toBe("b".repeat(32));
    expect(calls).toBe(2);
  });

  it("gives up on a random source that never yields a usable byte", () => {
    expect(() => generateExternalId((n) => new Uint8Array(n).fill(255))).toThrow(/random source/);
    expect(() => generateExternalId(() => new Uint8Array(0))).toThrow(/random source/);
  });

  it("spreads letters evenly over many IDs (chi-square, 61 degrees of freedom)", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2_000; i++) {
      for (const c of generateExternalId(cryptoRng, 62)) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    const expected = 2_000;
    const chi = [...BASE62].reduce((sum, c) => sum + ((counts.get(c) ?? 0) - expected) ** 2 / expected, 0);
    // p < 1e-6 lies above ~135 for 61 degrees of freedom: a failure here is bias, not bad luck.
    expect(chi).toBeLessThan(135);
  });
});
