import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../test/support/seeded-random.js";
import { formatExpiration } from "./format-expiration.js";

describe("formatExpiration", () => {
  it.each([
    ["2025-01-01T12:00:00.000Z", "2025-01-01T12:00:00Z"],
    ["2026-12-06T05:09:59.999Z", "2026-12-06T05:09:59Z"],
    ["1999-12-31T23:59:59.500Z", "1999-12-31T23:59:59Z"],
    ["2028-02-29T00:00:00.001Z", "2028-02-29T00:00:00Z"],
    ["0099-02-03T04:05:06.000Z", "0099-02-03T04:05:06Z"],
    ["9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59Z"],
  ])("%s -> %s", (iso, expected) => {
    expect(formatExpiration(new Date(iso))).toBe(expected);
  });

  it("is toISOString without the milliseconds, for random dates of years 0 to 9999", () => {
    const random = seededRandom(16);
    const min = Date.parse("0000-01-01T00:00:00.000Z");
    const span = Date.parse("9999-12-31T23:59:59.999Z") - min;
    for (let i = 0; i < 5000; i++) {
      const date = new Date(min + Math.floor(((random() * 2 ** 32 + random()) / 2 ** 64) * span));
      expect(formatExpiration(date)).toBe(date.toISOString().replace(/\.\d{3}Z$/, "Z"));
    }
  });

  it.each([
    ["+010000-01-01T00:00:00.000Z", "+010000-01-01T00:00:00Z"],
    ["-000001-06-01T00:00:00.000Z", "-000001-06-01T00:00:00Z"],
  ])("outside years 0 to 9999 is toISOString's form: %s", (iso, expected) => {
    expect(formatExpiration(new Date(iso))).toBe(expected);
  });

  it("refuses an invalid date as toISOString does", () => {
    expect(() => formatExpiration(new Date(Number.NaN))).toThrow(RangeError);
  });
});
