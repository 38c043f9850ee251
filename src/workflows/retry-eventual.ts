import { CrossroleError, type ErrorCode } from "../core/errors.js";
import { pollUntil } from "./poll-until.js";

/** Delays of the default backoff: about 15 s in all, IAM's usual propagation time for a new role or user. */
export const EVENTUAL_CONSISTENCY_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000];

/**
 * Runs `attempt`, and while it fails with one of `codes` (a CrossroleError code such as NO_SUCH_ENTITY right after
 * CreateRole, or INVALID_PRINCIPAL right after CreateUser: IAM is eventually consistent) retries after each of
 * `delaysMs` in turn. Any other error, or the last one, is thrown. Bounded: never more than delaysMs.length retries.
 */
export async function retryEventual<T>(
  attempt: () => Promise<T>,
  codes: readonly ErrorCode[],
  delaysMs: readonly number[] = EVENTUAL_CONSISTENCY_DELAYS_MS,
): Promise<T> {
  const outcome = await pollUntil(
    async (): Promise<{ value: T } | { error: CrossroleError }> => {
      try {
        return { value: await attempt() };
      } catch (error) {
        if (error instanceof CrossroleError && codes.includes(error.code)) return { error };
        throw error;
      }
    },
    (result) => "value" in result,
    { delaysMs },
  );
  if ("error" in outcome.value) throw outcome.value.error;
  return outcome.value.value;
}
