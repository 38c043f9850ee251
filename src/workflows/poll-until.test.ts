import { describe, expect, it } from "vitest";
import { fakeClock } from "../../test/unit/support/fake-clock.js";
import { pollUntil } from "./poll-until.js";

describe("pollUntil", () => {
  it.each([
    // name, values the attempts return (the last repeats), delays, timeout, expected outcome, waits, attempts
    ["done at once: no wait", [true], [5, 10], undefined, "done", [], 1],
    [
      "done on the third try: the first two waits",
      [false, false, true],
      [5, 10, 20],
      undefined,
      "done",
      [5, 10],
      3,
    ],
    [
      "never done: every wait once, then exhausted",
      [false],
      [5, 10, 20],
      undefined,
      "exhausted",
      [5, 10, 20],
      4,
    ],
    ["no waits: one attempt", [false], [], undefined, "exhausted", [], 1],
    [
      "with a timeout the last wait repeats until past the deadline",
      [false],
      [100, 200],
      650,
      "timed-out",
      [100, 200, 200, 200],
      5,
    ],
    [
      "with a timeout, done before it",
      [false, false, false, true],
      [100, 200],
      10_000,
      "done",
      [100, 200, 200],
      4,
    ],
    ["with a timeout and no list: 1 s waits", [false], [], 2_500, "timed-out", [1000, 1000, 1000], 4],
    ["a timeout of 0: one wait, then timed out", [false], [50], 0, "timed-out", [50], 2],
  ] as const)("%s", async (_name, values, delaysMs, timeoutMs, status, waits, attempts) => {
    const clock = fakeClock();
    let calls = 0;
    const outcome = await pollUntil(
      async () => values[Math.min(calls++, values.length - 1)] as boolean,
      (done) => done,
      { delaysMs, clock, ...(timeoutMs === undefined ? {} : { timeoutMs }) },
    );
    expect(outcome.status).toBe(status);
    expect(outcome.attempts).toBe(attempts);
    expect(calls).toBe(attempts);
    expect(clock.slept).toEqual(waits);
  });

  it("returns the last attempt's value, done or not", async () => {
    const clock = fakeClock();
    let n = 0;
    const outcome = await pollUntil(
      async () => ++n,
      (v) => v >= 10,
      { delaysMs: [1, 1], clock },
    );
    expect(outcome).toEqual({ status: "exhausted", value: 3, attempts: 3 });
  });

  it("an error thrown by an attempt ends the polling, without another wait", async () => {
    const clock = fakeClock();
    let n = 0;
    const failing = pollUntil(
      async () => {
        if (++n === 2) throw new Error("refused");
        return false;
      },
      (v) => v,
      { delaysMs: [1, 2, 3], clock },
    );
    await expect(failing).rejects.toThrow("refused");
    expect(clock.slept).toEqual([1]);
  });
});
