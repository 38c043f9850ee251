import { pollUntil } from "../../../src/workflows/poll-until.js";
import type { AcceptanceReport } from "./acceptance-report.js";

/** The waits between attempts: fast first (an emulator answers at once), then every 4 s. */
const DELAYS_MS = [250, 500, 1000, 2000, 4000];

/**
 * Polls `attempt` until `isDone` (bounded by `timeoutMs`, never a fixed sleep), records the measured time in the
 * report and returns the last value; throws with `what` when the bound passes.
 */
export async function waitFor<T>(
  report: AcceptanceReport,
  what: string,
  attempt: () => Promise<T>,
  isDone: (value: T) => boolean,
  timeoutMs = 120_000,
): Promise<T> {
  const started = performance.now();
  const outcome = await pollUntil(attempt, isDone, { delaysMs: DELAYS_MS, timeoutMs });
  const ms = Math.round(performance.now() - started);
  report.wait({ what, ms, attempts: outcome.attempts, status: outcome.status });
  if (outcome.status !== "done") {
    throw new Error(
      `${what}: not within ${timeoutMs} ms (${outcome.attempts} attempts); last: ${describe(outcome.value)}`,
    );
  }
  return outcome.value;
}

/** An SDK call's outcome as a value (so polling can wait for an error or for success). */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: Error & { $metadata?: { requestId?: string } } };

/** Runs `call`, returning its error instead of throwing. */
export async function outcomeOf<T>(call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error: error as Error };
  }
}

function describe(value: unknown): string {
  const outcome = value as Outcome<unknown>;
  if (outcome && typeof outcome === "object" && "ok" in outcome && !outcome.ok) {
    return `${outcome.error.name}: ${outcome.error.message}`;
  }
  return JSON.stringify(value)?.slice(0, 300) ?? String(value);
}
