import { describe, expect, it } from "vitest";
import { fakeClock } from "../../test/unit/support/fake-clock.js";
import { errorToExitCode } from "../cli/exit-codes.js";
import type { StackSetOperationInfo, StackSetOperationResult } from "../core/ports/stackset-port.js";
import { waitForStackSetOperation } from "./wait-for-stackset-operation.js";

/** The two StackSet calls the wait makes: the operation's statuses in turn (the last repeats), then its results. */
function operation(statuses: string[], results: StackSetOperationResult[] = [], statusReason?: string) {
  let calls = 0;
  return {
    describeOperation: async (_name: string, operationId: string): Promise<StackSetOperationInfo> => {
      const status = statuses[Math.min(calls++, statuses.length - 1)] as string;
      return { operationId, status, ...(statusReason === undefined ? {} : { statusReason }) };
    },
    listOperationResults: async () => results,
    polls: () => calls,
  };
}

describe("waitForStackSetOperation", () => {
  it("polls with the delays (the last repeats) until the operation ends; SUCCEEDED fails no account", async () => {
    const clock = fakeClock();
    const port = operation(["QUEUED", "RUNNING", "RUNNING", "RUNNING", "SUCCEEDED"]);
    const failed = await waitForStackSetOperation(port, "s", "op-1", { pollDelaysMs: [10, 20], clock });
    expect(failed.size).toBe(0);
    expect(clock.slept).toEqual([10, 20, 20, 20]);
    expect(port.polls()).toBe(5);
  });

  it.each([
    [
      "failed in one account: that account, STACKSET_OPERATION_FAILED, exit 6 (AWS failed, not auth)",
      operation(
        ["FAILED"],
        [
          { account: "111111111111", region: "us-east-1", status: "SUCCEEDED" },
          {
            account: "222222222222",
            region: "us-east-1",
            status: "FAILED",
            statusReason: "no execution role",
          },
        ],
      ),
      "222222222222",
      "StackSet s: FAILED in 222222222222/us-east-1: no execution role",
    ],
    [
      "failed without a failed account: the whole operation, '*'",
      operation(["STOPPED"], [], "stopped by a user"),
      "*",
      "StackSet s operation op-1 STOPPED: stopped by a user",
    ],
  ])("%s", async (_name, port, account, message) => {
    const failed = await waitForStackSetOperation(port, "s", "op-1", { clock: fakeClock() });
    expect([...failed.keys()]).toEqual([account]);
    const error = failed.get(account);
    expect(error).toMatchObject({ code: "STACKSET_OPERATION_FAILED", kind: "aws", message });
    expect(errorToExitCode(error)).toBe(6);
  });

  it("still running after the timeout: STACKSET_OPERATION_TIMEOUT (exit 5), after waits past the deadline only", async () => {
    const clock = fakeClock();
    const port = operation(["RUNNING"]);
    const waiting = waitForStackSetOperation(port, "s", "op-1", {
      pollDelaysMs: [1_000, 15_000],
      operationTimeoutMs: 30_000,
      clock,
    });
    await expect(waiting).rejects.toMatchObject({
      code: "STACKSET_OPERATION_TIMEOUT",
      kind: "environment",
      message: "StackSet s operation op-1 still RUNNING after the timeout",
    });
    expect(clock.slept).toEqual([1_000, 15_000, 15_000]);
  });
});
