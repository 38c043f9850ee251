import { describe, expect, it } from "vitest";
import { AwsAuthError } from "../core/errors.js";
import { mapBounded } from "./map-bounded.js";
import { retryEventual } from "./retry-eventual.js";

describe("retryEventual", () => {
  it("retries only the listed codes, at most once per delay", async () => {
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls < 3) throw new AwsAuthError("NO_SUCH_ENTITY", "not yet");
      return "ok";
    };
    await expect(retryEventual(flaky, ["NO_SUCH_ENTITY"], [1, 1, 1])).resolves.toBe("ok");
    expect(calls).toBe(3);
  });

  it("gives up after the last delay, and never retries other errors", async () => {
    let calls = 0;
    const never = async () => {
      calls++;
      throw new AwsAuthError("NO_SUCH_ENTITY", "never");
    };
    await expect(retryEventual(never, ["NO_SUCH_ENTITY"], [1, 1])).rejects.toThrow("never");
    expect(calls).toBe(3);
    calls = 0;
    const denied = async () => {
      calls++;
      throw new AwsAuthError("ACCESS_DENIED", "denied");
    };
    await expect(retryEventual(denied, ["NO_SUCH_ENTITY"], [1, 1])).rejects.toThrow("denied");
    expect(calls).toBe(1);
  });
});

describe("mapBounded", () => {
  it("keeps order and never exceeds the limit", async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapBounded([5, 1, 3, 2, 4, 1, 2], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((done) => setTimeout(done, n));
      inFlight--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 30, 20, 40, 10, 20]);
    expect(peak).toBe(3);
  });
});
