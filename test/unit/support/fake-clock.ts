import type { PollClock } from "../../../src/workflows/poll-until.js";

/** A clock that only moves when slept on: records every wait and never really waits. */
export function fakeClock(start = 0): PollClock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}
