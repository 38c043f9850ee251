import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_REFRESH_POLICY } from "../core/session/refresh-schedule.js";
import {
  type CredentialRefresher,
  CredentialsUnavailableError,
  createCredentialRefresher,
  type RefresherEvent,
} from "./credential-refresher.js";

const MIN = 60_000;
const HOUR = 60 * MIN;

interface Creds {
  id: number;
  expiration: Date;
}

/** A fake AssumeRole: each call issues the next id, valid `lifetime` ms; `fail` makes calls reject. */
function fakeSts(lifetime = HOUR) {
  let calls = 0;
  let failing: Error | undefined;
  let gate: Promise<void> | undefined;
  return {
    get calls() {
      return calls;
    },
    fail(error: Error | undefined) {
      failing = error;
    },
    hold(): () => void {
      let open!: () => void;
      gate = new Promise((r) => {
        open = r;
      });
      return () => {
        gate = undefined;
        open();
      };
    },
    fetch: async (): Promise<Creds> => {
      calls += 1;
      if (gate !== undefined) await gate;
      if (failing !== undefined) throw failing;
      return { id: calls, expiration: new Date(Date.now() + lifetime) };
    },
  };
}

let refresher: CredentialRefresher<Creds> | undefined;
beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") });
});
afterEach(() => {
  refresher?.stop();
  refresher = undefined;
  vi.useRealTimers();
});

describe("createCredentialRefresher", () => {
  it("re-assumes a 1 h session 6 min before expiry, again and again", async () => {
    const sts = fakeSts();
    const events: RefresherEvent[] = [];
    refresher = createCredentialRefresher({ fetch: sts.fetch, onEvent: (e) => events.push(e) });
    expect((await refresher.start()).id).toBe(1);
    await vi.advanceTimersByTimeAsync(54 * MIN - 1);
    expect(sts.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sts.calls).toBe(2);
    expect((await refresher.current()).id).toBe(2);
    await vi.advanceTimersByTimeAsync(54 * MIN);
    expect(sts.calls).toBe(3);
    expect(refresher.refreshes).toBe(2);
    expect(events.map((e) => e.type)).toEqual(["refreshed", "refreshed"]);
  });

  it("a failed start throws the error as is and schedules nothing", async () => {
    const sts = fakeSts();
    sts.fail(new Error("AccessDenied"));
    refresher = createCredentialRefresher({ fetch: sts.fetch });
    await expect(refresher.start()).rejects.toThrow("AccessDenied");
    await vi.advanceTimersByTimeAsync(2 * HOUR);
    expect(sts.calls).toBe(1);
  });

  it("keeps serving the last good credentials while a failed refresh is retried with backoff", async () => {
    const sts = fakeSts();
    const events: RefresherEvent[] = [];
    refresher = createCredentialRefresher({
      fetch: sts.fetch,
      random: () => 0,
      onEvent: (e) => events.push(e),
    });
    await refresher.start();
    sts.fail(new Error("Throttling"));
    await vi.advanceTimersByTimeAsync(54 * MIN); // refresh 1 fails → retry in 0.5 s
    expect(sts.calls).toBe(2);
    expect((await refresher.current()).id).toBe(1);
    await vi.advanceTimersByTimeAsync(500); // fails → 1 s
    await vi.advanceTimersByTimeAsync(1_000); // fails → 2 s
    expect(sts.calls).toBe(4);
    expect((await refresher.current()).id).toBe(1);
    const failures = events.filter((e) => e.type === "refresh-failed");
    expect(failures.map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(failures[0]?.stillValidUntil?.toISOString()).toBe("2026-01-01T01:00:00.000Z");
    sts.fail(undefined);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sts.calls).toBe(5);
    expect((await refresher.current()).id).toBe(5);
    expect(refresher.refreshes).toBe(1);
  });

  it("retry delays are capped at retryMaxMs", async () => {
    const sts = fakeSts();
    refresher = createCredentialRefresher({ fetch: sts.fetch, random: () => 0 });
    await refresher.start();
    sts.fail(new Error("down"));
    await vi.advanceTimersByTimeAsync(54 * MIN);
    const before = sts.calls;
    // 0.5+1+2+4+8+16+30+30+30 s: 9 retries within 121.5 s
    await vi.advanceTimersByTimeAsync(121_500);
    expect(sts.calls - before).toBe(9);
  });

  it("concurrent callers during a refresh share ONE fetch (single flight)", async () => {
    const sts = fakeSts();
    refresher = createCredentialRefresher({ fetch: sts.fetch });
    await refresher.start();
    const release = sts.hold();
    const joined = [refresher.refresh(), refresher.refresh(), refresher.refresh()];
    await vi.advanceTimersByTimeAsync(54 * MIN); // the timer joins too
    const served = await Promise.all(Array.from({ length: 20 }, () => refresher?.current()));
    expect(served.every((c) => c?.id === 1)).toBe(true); // last good, not waiting
    release();
    expect((await Promise.all(joined)).map((c) => c.id)).toEqual([2, 2, 2]);
    expect(sts.calls).toBe(2);
  });

  it("expired credentials: every caller waits for the same refresh", async () => {
    const sts = fakeSts();
    refresher = createCredentialRefresher({ fetch: sts.fetch });
    await refresher.start();
    refresher.stop(); // no timer: simulate a machine that slept through the refresh time
    vi.setSystemTime(Date.now() + HOUR + 1);
    const release = sts.hold();
    const waiting = Array.from({ length: 32 }, () => refresher?.current());
    release();
    const served = await Promise.all(waiting);
    expect(new Set(served.map((c) => c?.id))).toEqual(new Set([2]));
    expect(sts.calls).toBe(2);
  });

  it("a due refresh missed by the timer starts on the next request, which still gets the valid ones", async () => {
    const sts = fakeSts();
    refresher = createCredentialRefresher({ fetch: sts.fetch });
    await refresher.start();
    vi.setSystemTime(Date.now() + 55 * MIN); // past the refresh time; the timer has not fired yet
    expect((await refresher.current()).id).toBe(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(sts.calls).toBe(2);
    expect((await refresher.current()).id).toBe(2);
  });

  it("expired and the refresh fails: CredentialsUnavailableError, and no STS call until the retry time", async () => {
    const sts = fakeSts(20 * MIN);
    refresher = createCredentialRefresher({ fetch: sts.fetch, random: () => 0 });
    await refresher.start();
    sts.fail(new Error("AccessDenied"));
    vi.setSystemTime(Date.now() + 21 * MIN);
    await expect(refresher.current()).rejects.toBeInstanceOf(CredentialsUnavailableError);
    const calls = sts.calls;
    await expect(refresher.current()).rejects.toBeInstanceOf(CredentialsUnavailableError);
    await expect(refresher.current()).rejects.toBeInstanceOf(CredentialsUnavailableError);
    expect(sts.calls).toBe(calls);
    sts.fail(undefined);
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await refresher.current()).expiration.getTime()).toBeGreaterThan(Date.now());
  });

  it("follows a custom policy (short sessions in tests)", async () => {
    const sts = fakeSts(6_000);
    refresher = createCredentialRefresher({
      fetch: sts.fetch,
      policy: { ...DEFAULT_REFRESH_POLICY, minMarginMs: 2_000 },
    });
    await refresher.start();
    await vi.advanceTimersByTimeAsync(4_000);
    expect(sts.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(sts.calls).toBe(3);
  });

  it("stop() cancels the timer; an in-flight fetch schedules nothing after it", async () => {
    const sts = fakeSts();
    refresher = createCredentialRefresher({ fetch: sts.fetch });
    await refresher.start();
    const release = sts.hold();
    const pending = refresher.refresh();
    refresher.stop();
    release();
    await pending;
    await vi.advanceTimersByTimeAsync(3 * HOUR);
    expect(sts.calls).toBe(2);
  });
});
