import type { IamCall } from "../core/diff/iam-call.js";
import type { PartOutcome } from "../core/diff/part-outcome.js";
import { asCrossroleError, type ErrorCode } from "../core/errors.js";
import type { IamPort } from "../core/ports/iam-port.js";
import { executeIamCall } from "./execute-iam-call.js";
import { EVENTUAL_CONSISTENCY_DELAYS_MS, retryEventual } from "./retry-eventual.js";

/** Options of {@link runPartCalls}. */
export interface RunPartCallsOptions {
  /** The BUILD user was created in this run: IAM may still answer "Invalid principal" for a while. */
  freshPrincipal?: boolean;
  /** Backoff for IAM's eventual consistency (default {@link EVENTUAL_CONSISTENCY_DELAYS_MS}). */
  retryDelaysMs?: readonly number[];
  /** Called once per write call attempted (for counting). */
  onWrite?: (call: IamCall) => void;
}

/**
 * Makes `calls` in order and stops at the first failure. IAM is eventually consistent, so calls after a CreateRole
 * of the same run are retried with bounded backoff while IAM still says the role does not exist, and trust-policy
 * writes right after the BUILD user was created are retried while IAM says "Invalid principal".
 */
export async function runPartCalls(
  part: Pick<PartOutcome, "part" | "side">,
  iam: IamPort,
  calls: readonly IamCall[],
  options: RunPartCallsOptions = {},
): Promise<PartOutcome> {
  const outcome: PartOutcome = { ...part, status: "done", applied: [], notApplied: [], notes: [] };
  if (calls.length === 0) return { ...outcome, status: "unchanged" };
  const delays = options.retryDelaysMs ?? EVENTUAL_CONSISTENCY_DELAYS_MS;
  let roleCreated = false;
  for (const [i, call] of calls.entries()) {
    const codes: ErrorCode[] = [];
    if (roleCreated) codes.push("NO_SUCH_ENTITY");
    if (
      options.freshPrincipal === true &&
      (call.kind === "CreateRole" || call.kind === "UpdateAssumeRolePolicy")
    ) {
      codes.push("INVALID_PRINCIPAL");
    }
    try {
      await retryEventual(
        () => {
          options.onWrite?.(call);
          return executeIamCall(iam, call);
        },
        codes,
        delays,
      );
    } catch (error) {
      outcome.status = "failed";
      outcome.error = asCrossroleError(error);
      outcome.notApplied = calls.slice(i);
      return outcome;
    }
    outcome.applied.push(call);
    if (call.kind === "CreateRole") roleCreated = true;
  }
  return outcome;
}
