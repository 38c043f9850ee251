import { EnvironmentError } from "../core/errors.js";
import {
  DEFAULT_REFRESH_POLICY,
  type RefreshPolicy,
  refreshAtMs,
  retryDelayMs,
} from "../core/session/refresh-schedule.js";

/** Anything with an expiry the refresher can schedule by. */
export interface ExpiringCredentials {
  expiration: Date;
}

/** What the refresher reports (for a log line); never carries secrets. */
export type RefresherEvent =
  | { type: "refreshed"; expiration: Date; nextRefreshAt: Date; refreshes: number }
  | {
      type: "refresh-failed";
      error: unknown;
      attempt: number;
      retryAt: Date;
      stillValidUntil: Date | undefined;
    };

/** Options of {@link createCredentialRefresher}. */
export interface CredentialRefresherOptions<C extends ExpiringCredentials> {
  /** Obtains new credentials (one sts:AssumeRole). Called by one caller at a time (single flight). */
  fetch: () => Promise<C>;
  /** Default {@link DEFAULT_REFRESH_POLICY}. */
  policy?: RefreshPolicy | undefined;
  /** Clock in epoch ms (default Date.now). */
  now?: (() => number) | undefined;
  /** [0, 1) for the retry jitter (default Math.random). */
  random?: (() => number) | undefined;
  onEvent?: ((event: RefresherEvent) => void) | undefined;
}

/** Credentials kept fresh in the background; see {@link createCredentialRefresher}. */
export interface CredentialRefresher<C extends ExpiringCredentials> {
  /** First fetch; its error is thrown as is (startup fails fast, without retries). Schedules the next refresh. */
  start(): Promise<C>;
  /**
   * The credentials to hand out now: the last good ones while they have not expired (even while a refresh is being
   * retried); otherwise the result of the one refresh in flight (started if none is). A refresh that is due but was
   * not started (a late timer, e.g. after the machine slept) is started in the background.
   * Throws {@link CredentialsUnavailableError} when there are no valid credentials and the refresh failed (or is
   * waiting for its next retry: clients never make the endpoint call STS faster than the backoff allows).
   */
  current(): Promise<C>;
  /** Refresh now, joining a refresh already in flight (single flight). */
  refresh(): Promise<C>;
  /** Number of successful fetches after the first. */
  readonly refreshes: number;
  /** Stop the timer. In-flight fetches finish but schedule nothing. */
  stop(): void;
}

/** No valid credentials to serve: the last ones expired and re-assuming the role failed. */
export class CredentialsUnavailableError extends EnvironmentError {
  constructor(options: { cause?: unknown } = {}) {
    super(
      "CREDENTIALS_UNAVAILABLE",
      "no valid credentials: the last session expired and re-assuming the role failed.",
      {
        hint: "See the refresh errors crossrole logged; the endpoint keeps retrying.",
        ...(options.cause === undefined ? {} : { cause: options.cause }),
      },
    );
  }
}

/**
 * Keeps one set of expiring credentials fresh: fetches them once, then again {@link refreshAtMs} before they
 * expire (margin max(5 min, 10 % of the lifetime)). At most one fetch runs at a time, whoever asks (timer, clients
 * arriving during a refresh, a client finding them expired): they all share its result. A failed refresh is
 * retried with jittered exponential backoff ({@link retryDelayMs}) while the last good credentials keep being
 * served until they really expire. Timers are unref'd: they never keep the process alive on their own.
 */
export function createCredentialRefresher<C extends ExpiringCredentials>(
  options: CredentialRefresherOptions<C>,
): CredentialRefresher<C> {
  const policy = options.policy ?? DEFAULT_REFRESH_POLICY;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  let last: C | undefined;
  let dueAt = Number.POSITIVE_INFINITY;
  let inflight: Promise<C> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let lastError: unknown;
  let refreshes = 0;
  let fetches = 0;
  let stopped = false;

  const schedule = (at: number): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    dueAt = at;
    if (stopped) return;
    // setTimeout's limit is 2^31-1 ms (~24.8 days); sessions last 12 h at most, but stay safe.
    const delay = Math.min(Math.max(0, at - now()), 2_147_483_647);
    timer = setTimeout(() => {
      timer = undefined;
      refresh().catch(() => {
        // reported through onEvent; the retry is already scheduled
      });
    }, delay);
    timer.unref?.();
  };

  const refresh = (): Promise<C> => {
    if (inflight !== undefined) return inflight;
    const attempt = (async () => {
      try {
        const fresh = await options.fetch();
        const isFirst = fetches === 0;
        fetches += 1;
        if (!isFirst) refreshes += 1;
        last = fresh;
        failures = 0;
        const next = refreshAtMs(now(), fresh.expiration.getTime(), policy);
        schedule(next);
        if (!isFirst) {
          options.onEvent?.({
            type: "refreshed",
            expiration: fresh.expiration,
            nextRefreshAt: new Date(next),
            refreshes,
          });
        }
        return fresh;
      } catch (error) {
        if (fetches === 0) throw error; // startup: no retries, the caller reports it
        failures += 1;
        lastError = error;
        const retryAt = now() + retryDelayMs(failures, policy, random);
        schedule(retryAt);
        options.onEvent?.({
          type: "refresh-failed",
          error,
          attempt: failures,
          retryAt: new Date(retryAt),
          stillValidUntil: last !== undefined && isValid(last) ? last.expiration : undefined,
        });
        throw error;
      } finally {
        inflight = undefined;
      }
    })();
    inflight = attempt;
    return attempt;
  };

  const isValid = (credentials: C): boolean => credentials.expiration.getTime() > now();

  return {
    start: () => refresh(),
    async current() {
      if (last !== undefined && isValid(last)) {
        if (now() >= dueAt && inflight === undefined && failures === 0) {
          refresh().catch(() => {
            // reported through onEvent
          });
        }
        return last;
      }
      // Expired (or never fetched). While a failed refresh waits for its retry, do not hammer STS on every request.
      if (inflight === undefined && failures > 0 && now() < dueAt) {
        throw new CredentialsUnavailableError({ cause: lastError });
      }
      try {
        return await refresh();
      } catch (error) {
        throw new CredentialsUnavailableError({ cause: error });
      }
    },
    refresh,
    get refreshes() {
      return refreshes;
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
