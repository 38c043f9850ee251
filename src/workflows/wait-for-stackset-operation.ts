import { AwsOperationError, CrossroleError } from "../core/errors.js";
import type { StackSetPort } from "../core/ports/stackset-port.js";
import { type PollClock, pollUntil } from "./poll-until.js";

/** How long to wait for StackSet operations. */
export interface StackSetOperationTiming {
  /** Waits between DescribeStackSetOperation polls; the last one repeats (default 1 s doubling to 15 s). */
  pollDelaysMs?: readonly number[];
  /** Longest wait for one operation (default 30 min). */
  operationTimeoutMs?: number;
  /** The clock of the waits (tests). */
  clock?: PollClock;
}

const DEFAULT_POLL_MS = [1_000, 2_000, 4_000, 8_000, 15_000];

/** Polls the operation until it ends (backoff, bounded), then returns the accounts it failed in. */
export async function waitForStackSetOperation(
  port: Pick<StackSetPort, "describeOperation" | "listOperationResults">,
  name: string,
  operationId: string,
  options: StackSetOperationTiming,
): Promise<Map<string, CrossroleError>> {
  const polled = await pollUntil(
    () => port.describeOperation(name, operationId),
    (op) => !["RUNNING", "QUEUED", "STOPPING"].includes(op.status),
    {
      delaysMs: options.pollDelaysMs ?? DEFAULT_POLL_MS,
      timeoutMs: options.operationTimeoutMs ?? 30 * 60_000,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    },
  );
  const op = polled.value;
  if (polled.status !== "done") {
    throw new CrossroleError(
      "STACKSET_OPERATION_TIMEOUT",
      "environment",
      `StackSet ${name} operation ${operationId} still ${op.status} after the timeout`,
      {
        hint: "It continues in AWS; run crossrole rollout again later to read its result.",
      },
    );
  }
  const failed = new Map<string, CrossroleError>();
  if (op.status === "SUCCEEDED") return failed;
  const results = await port.listOperationResults(name, operationId);
  for (const r of results.filter((r) => r.status !== "SUCCEEDED")) {
    failed.set(
      r.account,
      new AwsOperationError(
        "STACKSET_OPERATION_FAILED",
        `StackSet ${name}: ${r.status} in ${r.account}/${r.region}${r.statusReason === undefined ? "" : `: ${r.statusReason}`}`,
        {
          hint: "Self-managed: check that AWSCloudFormationStackSetExecutionRole exists in that account and trusts the administrator account. Service-managed (OUs): check that trusted access for CloudFormation StackSets is enabled in AWS Organizations.",
        },
      ),
    );
  }
  if (failed.size === 0) {
    failed.set(
      "*",
      new AwsOperationError(
        "STACKSET_OPERATION_FAILED",
        `StackSet ${name} operation ${operationId} ${op.status}${op.statusReason === undefined ? "" : `: ${op.statusReason}`}`,
      ),
    );
  }
  return failed;
}
