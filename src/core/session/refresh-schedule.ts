/**
 * When a long-running credential endpoint re-assumes its role, and how it backs off when that fails. Pure: times are
 * epoch milliseconds, randomness is passed in.
 *
 * - Refresh margin: the larger of {@link RefreshPolicy.minMarginMs} (5 min) and {@link RefreshPolicy.marginFraction}
 *   (10 %) of the session's lifetime, so a 1 h session is re-assumed 6 min before it expires, a 12 h one 72 min
 *   before, a 15 min one 5 min before. The margin never exceeds half the lifetime (only possible for sessions
 *   shorter than 10 min, which STS does not issue), so a short session cannot cause a refresh loop.
 * - Retries: exponential backoff from {@link RefreshPolicy.retryBaseMs}, doubling, capped at
 *   {@link RefreshPolicy.retryMaxMs}, with "equal jitter" (a random half of the step is added to the other half), so
 *   many endpoints that failed together do not retry together, and a retry is never immediate.
 */

/** The knobs of the schedule. Production uses {@link DEFAULT_REFRESH_POLICY}; tests may shorten everything. */
export interface RefreshPolicy {
  /** Smallest refresh margin (ms before expiry). */
  minMarginMs: number;
  /** Margin as a fraction of the session's lifetime (0..0.5). */
  marginFraction: number;
  /** First retry delay after a failed refresh (ms). */
  retryBaseMs: number;
  /** Largest retry delay (ms). */
  retryMaxMs: number;
}

/** Margin max(5 min, 10 % of lifetime); retries after 1 s, 2 s, 4 s, ... up to 1 min (each jittered by up to -50 %). */
export const DEFAULT_REFRESH_POLICY: Readonly<RefreshPolicy> = Object.freeze({
  minMarginMs: 5 * 60_000,
  marginFraction: 0.1,
  retryBaseMs: 1_000,
  retryMaxMs: 60_000,
});

/**
 * How long before expiry a session of `lifetimeMs` is refreshed: max(minMarginMs, marginFraction × lifetime),
 * at most half the lifetime. 0 for a non-positive lifetime.
 */
export function refreshMarginMs(lifetimeMs: number, policy: RefreshPolicy = DEFAULT_REFRESH_POLICY): number {
  if (!(lifetimeMs > 0)) return 0;
  const margin = Math.max(policy.minMarginMs, policy.marginFraction * lifetimeMs);
  return Math.min(margin, lifetimeMs / 2);
}

/**
 * When to refresh credentials obtained at `obtainedAtMs` that expire at `expiresAtMs`: `expiresAtMs` minus the
 * margin of their lifetime. Never before `obtainedAtMs`.
 *
 * @example
 * refreshAtMs(0, 3_600_000) // 3_240_000: 54 min into a 1 h session
 */
export function refreshAtMs(
  obtainedAtMs: number,
  expiresAtMs: number,
  policy: RefreshPolicy = DEFAULT_REFRESH_POLICY,
): number {
  const lifetime = expiresAtMs - obtainedAtMs;
  return Math.max(obtainedAtMs, expiresAtMs - refreshMarginMs(lifetime, policy));
}

/**
 * Delay before retry number `attempt` (1 = first retry after one failure): step = min(retryMaxMs,
 * retryBaseMs × 2^(attempt-1)), delay = step/2 + random() × step/2. `random` returns [0, 1).
 */
export function retryDelayMs(
  attempt: number,
  policy: RefreshPolicy = DEFAULT_REFRESH_POLICY,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const step = Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** exponent);
  return Math.round(step / 2 + random() * (step / 2));
}
