import type { StackInstanceInfo } from "../core/ports/stackset-port.js";

/**
 * Whether the last operation on this stack instance failed in its account or was cancelled there (failure
 * tolerance exceeded): nothing else will deploy it again, so rollout does once the StackSet matches the spec.
 */
export function lastOperationFailed(instance: StackInstanceInfo): boolean {
  return instance.detailedStatus === "FAILED" || instance.detailedStatus === "CANCELLED";
}
