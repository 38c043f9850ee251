import { describe, expect, it } from "vitest";
import { fakeClock } from "../../test/unit/support/fake-clock.js";
import { CANCELLED_REASON, MemoryStackSets } from "../../test/unit/support/memory-stackset.js";
import { errorToExitCode } from "../cli/exit-codes.js";
import type { CrossroleError } from "../core/errors.js";
import type { StackSetOperationInfo, StackSetOperationResult } from "../core/ports/stackset-port.js";
import { waitForStackSetOperation } from "./wait-for-stackset-operation.js";

const NAME = "crossrole-fleet";
const REGION = "eu-west-1";
const [A, B, C] = ["100000000001", "100000000002", "100000000003"];
const REASON = "Account 100000000002 should have 'AWSCloudFormationStackSetExecutionRole' role";
const FAST = { pollDelaysMs: [0], operationTimeoutMs: 2_000 };

/** A StackSet with instances in A, B and C (every operation on them succeeded). */
async function fleet(): Promise<MemoryStackSets> {
  const fake = new MemoryStackSets();
  await fake.createStackSet({ name: NAME, templateBody: "{}", description: "", tags: {} });
  const id = await fake.createStackInstances({ name: NAME, accounts: [A, B, C], regions: [REGION] });
  expect((await waitForStackSetOperation(fake, NAME, id, FAST)).size).toBe(0);
  return fake;
}

const failures = (m: Map<string, CrossroleError>) =>
  Object.fromEntries([...m].map(([account, e]) => [account, [e.code, e.message]]));

describe("waitForStackSetOperation", () => {
  it.each([
    {
      name: "SUCCEEDED: no failures",
      tolerance: 0,
      failing: [],
      expected: {},
    },
    {
      name: "FAILED: the failed account with AWS's reason, the accounts not reached CANCELLED",
      tolerance: 0,
      failing: [B],
      expected: {
        [B]: ["STACKSET_OPERATION_FAILED", `StackSet ${NAME}: FAILED in ${B}/${REGION}: ${REASON}`],
        [C]: [
          "STACKSET_OPERATION_FAILED",
          `StackSet ${NAME}: CANCELLED in ${C}/${REGION}: ${CANCELLED_REASON}`,
        ],
      },
    },
    {
      // The operation SUCCEEDED: rollout reads which account failed from the instances' status.
      name: "SUCCEEDED with a failure within the tolerance: none from the operation",
      tolerance: 1,
      failing: [B],
      expected: {},
    },
  ])("$name", async ({ tolerance, failing, expected }) => {
    const fake = await fleet();
    for (const account of failing) fake.failIn(account, REASON);
    const id = await fake.updateStackSet({
      name: NAME,
      templateBody: '{"Resources":{}}',
      preferences: { maxConcurrentCount: 1, failureToleranceCount: tolerance },
    });
    expect(failures(await waitForStackSetOperation(fake, NAME, id, FAST))).toEqual(expected);
  });

  it("polls until the operation ends (RUNNING for as long as the StackSet says), then reads results once", async () => {
    const fake = await fleet();
    fake.pollsPerOperation = 4;
    fake.calls.length = 0;
    const id = await fake.updateStackInstances({ name: NAME, accounts: [A], regions: [REGION] });
    await waitForStackSetOperation(fake, NAME, id, FAST);
    expect(fake.calls.filter((c) => c.startsWith("DescribeStackSetOperation")).length).toBe(5);
    expect(fake.calls.filter((c) => c.startsWith("ListStackSetOperationResults"))).toEqual([]);
  });

  it("waits while the operation is QUEUED behind another one", async () => {
    const fake = await fleet();
    const first = fake.startOutsideOperation(NAME, "UPDATE", [A], REGION);
    const id = await fake.updateStackInstances({ name: NAME, accounts: [B], regions: [REGION] });
    expect((await fake.describeOperation(NAME, id)).status).toBe("QUEUED");
    expect((await waitForStackSetOperation(fake, NAME, id, FAST)).size).toBe(0);
    expect(
      fake
        .operations(NAME)
        .map((o) => [o.id, o.status])
        .slice(-2),
    ).toEqual([
      [first, "SUCCEEDED"],
      [id, "SUCCEEDED"],
    ]);
  });

  it("a STOPPED operation: its accounts not done are CANCELLED with the reason; without any, one failure for all", async () => {
    const fake = await fleet();
    fake.neverFinish(() => true);
    const id = await fake.updateStackInstances({ name: NAME, accounts: [A], regions: [REGION] });
    fake.stopOperation(NAME, id, "User initiated stop");
    expect(failures(await waitForStackSetOperation(fake, NAME, id, FAST))).toEqual({
      [A]: [
        "STACKSET_OPERATION_FAILED",
        `StackSet ${NAME}: CANCELLED in ${A}/${REGION}: User initiated stop`,
      ],
    });
    const empty = await fake.updateStackInstances({ name: NAME, accounts: [], regions: [REGION] });
    fake.stopOperation(NAME, empty, "User initiated stop");
    expect(failures(await waitForStackSetOperation(fake, NAME, empty, FAST))).toEqual({
      "*": ["STACKSET_OPERATION_FAILED", `StackSet ${NAME} operation ${empty} STOPPED: User initiated stop`],
    });
  });

  it("an operation that never ends: a timeout error (environment) after the operation timeout, polling meanwhile", async () => {
    const fake = await fleet();
    fake.neverFinish(() => true);
    fake.calls.length = 0;
    const id = await fake.updateStackInstances({ name: NAME, accounts: [A], regions: [REGION] });
    const started = Date.now();
    const error = await waitForStackSetOperation(fake, NAME, id, {
      pollDelaysMs: [5],
      operationTimeoutMs: 50,
    }).catch((e: CrossroleError) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    expect([
      (error as CrossroleError).code,
      (error as CrossroleError).kind,
      (error as Error).message,
    ]).toEqual([
      "STACKSET_OPERATION_TIMEOUT",
      "environment",
      `StackSet ${NAME} operation ${id} still RUNNING after the timeout`,
    ]);
    const polls = fake.calls.filter((c) => c.startsWith("DescribeStackSetOperation")).length;
    expect(polls).toBeGreaterThan(2);
    expect(polls).toBeLessThanOrEqual(20); // about 50 ms / 5 ms, never one poll per event-loop turn
  });
});

/** A scripted port for the two StackSet calls the wait makes: the operation's statuses in turn (the last repeats), then its results. */
function scripted(statuses: string[], results: StackSetOperationResult[] = [], statusReason?: string) {
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

describe("waitForStackSetOperation: polling, failures and the timeout (scripted statuses)", () => {
  it("polls with the delays (the last repeats) until the operation ends; SUCCEEDED fails no account", async () => {
    const clock = fakeClock();
    const port = scripted(["QUEUED", "RUNNING", "RUNNING", "RUNNING", "SUCCEEDED"]);
    const failed = await waitForStackSetOperation(port, "s", "op-1", { pollDelaysMs: [10, 20], clock });
    expect(failed.size).toBe(0);
    expect(clock.slept).toEqual([10, 20, 20, 20]);
    expect(port.polls()).toBe(5);
  });

  it.each([
    [
      "failed in one account: that account, STACKSET_OPERATION_FAILED, exit 6 (AWS failed, not auth)",
      scripted(
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
      scripted(["STOPPED"], [], "stopped by a user"),
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
    const port = scripted(["RUNNING"]);
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
