import { CrossroleError } from "../core/errors.js";

/** Delays of the default backoff: about 15 s in all, IAM's usual propagation time for a new role or user. */
export const EVENTUAL_CONSISTENCY_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000];

/**
 * Runs `attempt`, and while it fails with one of `codes` (a CrossroleError code such as NO_SUCH_ENTITY right after
 * CreateRole, or INVALID_PRINCIPAL right after CreateUser: IAM is eventually consistent) retries after each of
 * `delaysMs` in turn. Any other error, or the last one, is thrown. Bounded: never more than delaysMs.length retries.
 */
export async function retryEventual<T>(
  attempt: () => Promise<T>,
  codes: readonly string[],
  delaysMs: readonly number[] = EVENTUAL_CONSISTENCY_DELAYS_MS,
): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = delaysMs[i];
      if (delay === undefined || !(error instanceof CrossroleError) || !codes.includes(error.code))
        throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
