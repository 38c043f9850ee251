import { describe, expect, it } from "vitest";
import {
  DEFAULT_REFRESH_POLICY,
  type RefreshPolicy,
  refreshAtMs,
  refreshMarginMs,
  retryDelayMs,
} from "./refresh-schedule.js";

const MIN = 60_000;
const HOUR = 60 * MIN;

describe("refreshMarginMs: max(5 min, 10 % of lifetime), at most half the lifetime", () => {
  it.each([
    ["15 min session", 15 * MIN, 5 * MIN],
    ["1 h session", HOUR, 6 * MIN],
    ["50 min: 10 % = 5 min exactly", 50 * MIN, 5 * MIN],
    ["12 h session", 12 * HOUR, 72 * MIN],
    ["8 min (shorter than STS allows): half", 8 * MIN, 4 * MIN],
    ["zero lifetime", 0, 0],
    ["negative lifetime", -5, 0],
  ])("%s", (_name, lifetime, margin) => {
    expect(refreshMarginMs(lifetime)).toBe(margin);
  });

  it("follows a custom policy", () => {
    const policy: RefreshPolicy = { ...DEFAULT_REFRESH_POLICY, minMarginMs: 2_000, marginFraction: 0.25 };
    expect(refreshMarginMs(6_000, policy)).toBe(2_000);
    expect(refreshMarginMs(20_000, policy)).toBe(5_000);
  });
});

describe("refreshAtMs", () => {
  it("1 h session obtained at t: refresh at t + 54 min", () => {
    expect(refreshAtMs(1_000, 1_000 + HOUR)).toBe(1_000 + 54 * MIN);
  });

  it("12 h session: refresh 72 min before expiry", () => {
    expect(refreshAtMs(0, 12 * HOUR)).toBe(12 * HOUR - 72 * MIN);
  });

  it("already expired credentials: refresh now, never in the past", () => {
    expect(refreshAtMs(10_000, 5_000)).toBe(10_000);
  });
});

describe("retryDelayMs: exponential, capped, equal jitter", () => {
  it.each([
    [1, 500, 1_000],
    [2, 1_000, 2_000],
    [3, 2_000, 4_000],
    [7, 30_000, 60_000],
    [50, 30_000, 60_000],
  ])("attempt %i stays in [%i, %i]", (attempt, low, high) => {
    expect(retryDelayMs(attempt, DEFAULT_REFRESH_POLICY, () => 0)).toBe(low);
    expect(retryDelayMs(attempt, DEFAULT_REFRESH_POLICY, () => 0.999_999)).toBeLessThanOrEqual(high);
    expect(retryDelayMs(attempt, DEFAULT_REFRESH_POLICY, () => 0.999_999)).toBeGreaterThan(high - 2);
  });

  it("attempt 0 or below counts as the first retry", () => {
    expect(retryDelayMs(0, DEFAULT_REFRESH_POLICY, () => 0)).toBe(500);
  });

  it("is never zero", () => {
    expect(retryDelayMs(1, { ...DEFAULT_REFRESH_POLICY, retryBaseMs: 10 }, () => 0)).toBe(5);
  });
});
