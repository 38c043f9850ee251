/** The time source of {@link pollUntil}: the real one by default, a fake one in tests (no real waiting). */
export interface PollClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** How long and how often {@link pollUntil} tries. */
export interface PollSchedule {
  /**
   * The waits between attempts, in order. Without `timeoutMs` the list is the bound: at most `delaysMs.length`
   * waits, so `delaysMs.length + 1` attempts.
   */
  delaysMs: readonly number[];
  /**
   * Bound by time instead: after the list, the last wait repeats, and polling stops once an attempt that is not
   * done ends more than `timeoutMs` after the start (an empty list waits 1 s).
   */
  timeoutMs?: number;
  clock?: PollClock;
}

/** The last attempt's value and why polling stopped. */
export interface PollOutcome<T> {
  /** `done`: `isDone` accepted the value; `exhausted`: no wait was left; `timed-out`: past `timeoutMs`. */
  status: "done" | "exhausted" | "timed-out";
  value: T;
  attempts: number;
}

/** The clock of the running process. */
export const SYSTEM_CLOCK: PollClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Runs `attempt` now and again after each wait of `schedule` until `isDone(value)`, the waits run out or the
 * timeout passes; returns the last value with the reason. Errors thrown by `attempt` end the polling (a caller that
 * retries on some errors returns them as values). Every wait of crossrole (IAM's eventual consistency, proofs that
 * a change took effect, StackSet operations) is this one loop.
 */
export async function pollUntil<T>(
  attempt: () => Promise<T>,
  isDone: (value: T) => boolean,
  schedule: PollSchedule,
): Promise<PollOutcome<T>> {
  const clock = schedule.clock ?? SYSTEM_CLOCK;
  const { delaysMs, timeoutMs } = schedule;
  const deadline = timeoutMs === undefined ? undefined : clock.now() + timeoutMs;
  for (let attempts = 1; ; attempts++) {
    const value = await attempt();
    if (isDone(value)) return { status: "done", value, attempts };
    let delay: number | undefined;
    if (deadline === undefined) {
      delay = delaysMs[attempts - 1];
      if (delay === undefined) return { status: "exhausted", value, attempts };
    } else {
      if (clock.now() > deadline) return { status: "timed-out", value, attempts };
      delay = delaysMs[Math.min(attempts - 1, delaysMs.length - 1)] ?? 1_000;
    }
    await clock.sleep(delay);
  }
}
