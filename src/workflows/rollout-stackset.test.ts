import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CANCELLED_REASON, MemoryStackSets } from "../../test/unit/support/memory-stackset.js";
import type { PartOutcome } from "../core/diff/part-outcome.js";
import { renderRolloutPreview } from "../outputs/render-rollout-report.js";
import { type RolloutStackSetsOptions, rolloutStackSets } from "./rollout-stackset.js";

// rollout's failure paths against the in-memory StackSets (test/unit/support/memory-stackset.ts): what the moto
// emulator cannot be made to do (fail in one account, never finish, refuse a second operation).

const [A, B, C, D] = ["100000000001", "100000000002", "100000000003", "100000000004"];
const REGION = "us-east-1";
const NAME = "crossrole-fleet";
const DENIED = "Account 100000000002 should have 'AWSCloudFormationStackSetExecutionRole' role";

let dir: string;
let file: string;
let fake: MemoryStackSets;

function fleetSpec(accounts: string[], action = "s3:GetObject"): string {
  return `version: 1
region: ${REGION}
build:
  account: "222222222222"
  principal: user/ci
targets:
  fleet:
    accounts: [${accounts.map((a) => `"${a}"`).join(", ")}]
    role: R
    externalIds:
${accounts.map((a) => `      "${a}": ext-${a}-0123456789`).join("\n")}
    permissions:
      statements:
        - { Effect: Allow, Action: ${action}, Resource: "arn:aws:s3:::fleet-bucket/*" }
`;
}

const rollout = (extra: Partial<RolloutStackSetsOptions> = {}) =>
  rolloutStackSets({
    file,
    stackSets: () => fake,
    randomBytes: (n) => new Uint8Array(n),
    confirm: async () => true,
    pollDelaysMs: [0],
    operationTimeoutMs: 2_000,
    ...extra,
  });

/** [part, status, error code, error message] of each outcome. */
function summary(outcomes: PartOutcome[]): [string, string, string?, string?][] {
  return outcomes.map((o) =>
    o.error === undefined ? [o.part, o.status] : [o.part, o.status, o.error.code, o.error.message],
  );
}

/** The message of an account's failed result in an operation (wait-for-stackset-operation.ts). */
const opFailed = (status: string, account: string, reason: string) =>
  `StackSet ${NAME}: ${status} in ${account}/${REGION}: ${reason}`;

/** Deploys `accounts` (every operation succeeds), then forgets the calls. */
async function deployed(accounts: string[]): Promise<void> {
  await writeFile(file, fleetSpec(accounts));
  const first = await rollout();
  expect(first.outcomes.map((o) => o.status)).toEqual(accounts.map(() => "done"));
  fake.calls.length = 0;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-rollout-unit-"));
  file = join(dir, "crossrole.yaml");
  fake = new MemoryStackSets();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("rolloutStackSets against in-memory StackSets", () => {
  it("deploys every account (one CreateStackInstances each, waited for), then a second rollout changes nothing", async () => {
    await writeFile(file, fleetSpec([A, B]));
    const first = await rollout();
    expect(summary(first.outcomes)).toEqual([
      [`fleet-${A}`, "done"],
      [`fleet-${B}`, "done"],
    ]);
    expect(first.outcomes[0]?.notes).toEqual(["role created (stack instance)"]);
    const live = await fake.listStackInstances(NAME);
    expect(live.map((i) => [i.account, i.status])).toEqual([
      [A, "CURRENT"],
      [B, "CURRENT"],
    ]);
    expect(await fake.describeStackInstanceOverrides(NAME, B, REGION)).toEqual({
      ExternalIdFleet: `ext-${B}-0123456789`,
    });
    fake.calls.length = 0;
    const second = await rollout();
    expect(summary(second.outcomes)).toEqual([
      [`fleet-${A}`, "unchanged"],
      [`fleet-${B}`, "unchanged"],
    ]);
    expect(fake.calls.filter((c) => !/^(Describe|List)/.test(c))).toEqual([]);
  });

  // New accounts: one operation each, started one at a time (--max-concurrent 1); B and C fail.
  it.each([
    {
      tolerance: 0,
      expected: [
        [A, "done"],
        [B, "failed"],
        [C, "not-attempted"],
        [D, "not-attempted"],
      ],
    },
    {
      tolerance: 1,
      expected: [
        [A, "done"],
        [B, "failed"],
        [C, "failed"],
        [D, "not-attempted"],
      ],
    },
    {
      tolerance: 2,
      expected: [
        [A, "done"],
        [B, "failed"],
        [C, "failed"],
        [D, "done"],
      ],
    },
  ])(
    "new accounts, failure tolerance $tolerance with 2 failing: stops after more than $tolerance failed",
    async ({ tolerance, expected }) => {
      await writeFile(file, fleetSpec([A, B, C, D]));
      fake.failIn(B, DENIED);
      fake.failIn(
        C,
        "ResourceLogicalId:Role, ResourceType:AWS::IAM::Role, ResourceStatusReason:Access denied.",
      );
      const result = await rollout({ maxConcurrent: 1, failureTolerance: tolerance });
      expect(result.outcomes.map((o) => [o.part.replace("fleet-", ""), o.status])).toEqual(expected);
      const attempted = expected.filter(([, s]) => s !== "not-attempted").map(([a]) => a);
      expect(fake.calls.filter((c) => c.startsWith("CreateStackInstances"))).toEqual(
        attempted.map((a) => `CreateStackInstances ${NAME} ${a}`),
      );
      const b = result.outcomes[1]?.error;
      expect(b?.code).toBe("STACKSET_OPERATION_FAILED");
      expect(b?.message).toBe(`StackSet ${NAME}: FAILED in ${B}/${REGION}: ${DENIED}`);
      for (const o of result.outcomes.filter((o) => o.status === "not-attempted"))
        expect(o.notes).toEqual([`not attempted: more than ${tolerance} account(s) failed`]);
    },
  );

  // A template change is one UpdateStackSet over every instance, with the OperationPreferences rollout passes.
  it.each([
    {
      name: "tolerance 0: the operation fails at B and is cancelled in C and D",
      tolerance: 0,
      maxConcurrent: 1,
      failing: [B],
      expected: [
        [A, "done"],
        [B, "failed", "STACKSET_OPERATION_FAILED", opFailed("FAILED", B, DENIED)],
        [C, "failed", "STACKSET_OPERATION_FAILED", opFailed("CANCELLED", C, CANCELLED_REASON)],
        [D, "failed", "STACKSET_OPERATION_FAILED", opFailed("CANCELLED", D, CANCELLED_REASON)],
      ],
    },
    {
      name: "tolerance 1, one failure: the operation SUCCEEDS, B's instance says it failed",
      tolerance: 1,
      maxConcurrent: 1,
      failing: [B],
      expected: [
        [A, "done"],
        [
          B,
          "failed",
          "STACK_INSTANCE_NOT_CURRENT",
          `stack instance ${NAME} ${B}/${REGION} is OUTDATED (FAILED): ${DENIED}`,
        ],
        [C, "done"],
        [D, "done"],
      ],
    },
    {
      name: "tolerance 1, two failures, 10 at once: concurrency is lowered to 2, then 1; D is cancelled",
      tolerance: 1,
      maxConcurrent: 10,
      failing: [B, C],
      expected: [
        [A, "done"],
        [B, "failed", "STACKSET_OPERATION_FAILED", opFailed("FAILED", B, DENIED)],
        [C, "failed", "STACKSET_OPERATION_FAILED", opFailed("FAILED", C, DENIED)],
        [D, "failed", "STACKSET_OPERATION_FAILED", opFailed("CANCELLED", D, CANCELLED_REASON)],
      ],
    },
  ])("template update: $name", async ({ tolerance, maxConcurrent, failing, expected }) => {
    await deployed([A, B, C, D]);
    for (const account of failing) fake.failIn(account, DENIED, ["UPDATE"]);
    await writeFile(file, fleetSpec([A, B, C, D], "s3:PutObject"));
    const result = await rollout({ maxConcurrent, failureTolerance: tolerance });
    expect(fake.operations(NAME).at(-1)?.preferences).toEqual({
      maxConcurrentCount: maxConcurrent,
      failureToleranceCount: tolerance,
    });
    expect(
      result.outcomes.map((o) => {
        const row: string[] = [o.part.replace("fleet-", ""), o.status];
        if (o.error !== undefined) row.push(o.error.code, o.error.message);
        return row;
      }),
    ).toEqual(expected);
    for (const o of result.outcomes.filter((o) => o.status === "done"))
      expect(o.notes).toEqual(["role updated (StackSet template)"]);
  });

  it("an account whose stack failed is deployed again by the next rollout, once the cause is fixed", async () => {
    await writeFile(file, fleetSpec([A, B]));
    fake.failIn(B, DENIED);
    const first = await rollout({ maxConcurrent: 1 });
    expect(first.outcomes.map((o) => o.status)).toEqual(["done", "failed"]);
    fake.stopFailing(B);
    fake.calls.length = 0;
    const preview = renderRolloutPreview((await rollout({ dryRun: true })).preview);
    expect(preview).toContain(`  ~ deploy again 1 account(s) whose last stack operation failed: ${B}`);
    const second = await rollout();
    expect(second.outcomes.map((o) => [o.part, o.status, o.notes])).toEqual([
      [`fleet-${A}`, "unchanged", []],
      [`fleet-${B}`, "done", ["role deployed again (its last stack operation had failed)"]],
    ]);
    expect(fake.calls.filter((c) => !/^(Describe|List)/.test(c))).toEqual([
      `UpdateStackInstances ${NAME} ${B}`,
    ]);
    expect((await fake.listStackInstances(NAME)).map((i) => i.status)).toEqual(["CURRENT", "CURRENT"]);
    const third = await rollout();
    expect(third.outcomes.map((o) => o.status)).toEqual(["unchanged", "unchanged"]);
  });

  it("accounts a failed template update failed in or cancelled are deployed again by the next rollout", async () => {
    await deployed([A, B, C]);
    fake.failIn(B, DENIED, ["UPDATE"]);
    await writeFile(file, fleetSpec([A, B, C], "s3:PutObject"));
    const first = await rollout({ maxConcurrent: 1 });
    expect(first.outcomes.map((o) => o.status)).toEqual(["done", "failed", "failed"]);
    fake.stopFailing(B);
    fake.calls.length = 0;
    const second = await rollout({ maxConcurrent: 1 });
    expect(second.outcomes.map((o) => [o.part, o.status])).toEqual([
      [`fleet-${A}`, "unchanged"],
      [`fleet-${B}`, "done"],
      [`fleet-${C}`, "done"],
    ]);
    expect(fake.calls.filter((c) => !/^(Describe|List)/.test(c))).toEqual([
      `UpdateStackInstances ${NAME} ${B}`,
      `UpdateStackInstances ${NAME} ${C}`,
    ]);
  });

  it("a changed ExternalId that fails is reported for that account with AWS's reason", async () => {
    await deployed([A, B]);
    fake.failIn(B, DENIED, ["UPDATE"]);
    await writeFile(file, fleetSpec([A, B]).replace(`ext-${B}-0123456789`, `rotated-${B}-0123456789`));
    const result = await rollout();
    expect(summary(result.outcomes)).toEqual([
      [`fleet-${A}`, "unchanged"],
      [
        `fleet-${B}`,
        "failed",
        "STACKSET_OPERATION_FAILED",
        `StackSet ${NAME}: FAILED in ${B}/${REGION}: ${DENIED}`,
      ],
    ]);
  });

  it("an instance missing after its operation succeeded is reported as missing", async () => {
    await writeFile(file, fleetSpec([A, B]));
    fake.onOperationEnd = (op) => {
      if (op.targets.some((t) => t.account === B)) fake.removeInstance(NAME, B, REGION);
    };
    const result = await rollout();
    expect(summary(result.outcomes)).toEqual([
      [`fleet-${A}`, "done"],
      [
        `fleet-${B}`,
        "failed",
        "STACK_INSTANCE_MISSING",
        `no stack instance in ${B}/${REGION} after the rollout`,
      ],
    ]);
  });

  it("a read-back that AWS refuses is reported with AWS's error, not as a missing instance", async () => {
    await writeFile(file, fleetSpec([A, B]));
    fake.onOperationEnd = () => fake.deny.add("ListStackInstances");
    const result = await rollout();
    expect(summary(result.outcomes)).toEqual(
      [A, B].map((a) => [
        `fleet-${a}`,
        "failed",
        "ACCESS_DENIED",
        `access denied: cloudformation:ListStackInstances on ${NAME}. AWS said: User is not authorized to perform: cloudformation:ListStackInstances`,
      ]),
    );
  });

  it("an instance that went missing since the last rollout is created again", async () => {
    await deployed([A, B]);
    fake.removeInstance(NAME, B, REGION);
    const result = await rollout();
    expect(summary(result.outcomes)).toEqual([
      [`fleet-${A}`, "unchanged"],
      [`fleet-${B}`, "done"],
    ]);
    expect(fake.calls.filter((c) => c.startsWith("Create"))).toEqual([`CreateStackInstances ${NAME} ${B}`]);
  });

  it.each([
    { tolerance: 0, status: "FAILED" },
    { tolerance: 1, status: "SUCCEEDED" },
  ])(
    "a removal that fails (tolerance $tolerance: the operation $status) is reported failed, not removed",
    async ({ tolerance }) => {
      await deployed([A, B, C]);
      fake.failIn(C, "Role R cannot be deleted: it is in use", ["DELETE"]);
      await writeFile(file, fleetSpec([A]));
      const result = await rollout({ failureTolerance: tolerance });
      expect(result.outcomes.map((o) => [o.part, o.status])).toEqual([
        [`fleet-${A}`, "unchanged"],
        [`fleet-${B}`, "done"],
        [`fleet-${C}`, "failed"],
      ]);
      expect(result.outcomes[1]?.notes).toEqual(["removed: stack instance and role deleted"]);
      expect(result.outcomes[2]?.error?.message).toContain("Role R cannot be deleted: it is in use");
      expect((await fake.listStackInstances(NAME)).map((i) => i.account)).toEqual([A, C]);
    },
  );

  it("an operation that never finishes times out for its account; tolerance 0 stops the next ones", async () => {
    await writeFile(file, fleetSpec([A, B, C]));
    fake.neverFinish((op) => op.targets.some((t) => t.account === B));
    const result = await rollout({ maxConcurrent: 1, operationTimeoutMs: 20, pollDelaysMs: [1] });
    expect(result.outcomes.map((o) => [o.part, o.status, o.error?.code, o.error?.kind])).toEqual([
      [`fleet-${A}`, "done", undefined, undefined],
      [`fleet-${B}`, "failed", "STACKSET_OPERATION_TIMEOUT", "environment"],
      [`fleet-${C}`, "not-attempted", undefined, undefined],
    ]);
    expect(result.outcomes[1]?.error?.message).toMatch(
      /^StackSet crossrole-fleet operation op-\d+ still RUNNING after the timeout$/,
    );
  });

  it("a template update that never finishes fails every account with the timeout, and adds nothing", async () => {
    await deployed([A, B]);
    fake.neverFinish((op) => op.action === "UPDATE");
    await writeFile(file, fleetSpec([A, B, C], "s3:PutObject"));
    const result = await rollout({ operationTimeoutMs: 20, pollDelaysMs: [1] });
    expect(result.outcomes.map((o) => [o.part, o.status, o.error?.code])).toEqual([
      [`fleet-${A}`, "failed", "STACKSET_OPERATION_TIMEOUT"],
      [`fleet-${B}`, "failed", "STACKSET_OPERATION_TIMEOUT"],
      [`fleet-${C}`, "failed", "STACKSET_OPERATION_TIMEOUT"],
    ]);
    expect(fake.calls.filter((c) => c.startsWith("CreateStackInstances"))).toEqual([]);
  });

  describe("an operation already in progress on the StackSet", () => {
    it("with ManagedExecution (as crossrole creates StackSets) rollout's operation queues and runs after it", async () => {
      await deployed([A, B]);
      fake.pollsPerOperation = 3;
      fake.startOutsideOperation(NAME, "UPDATE", [A], REGION);
      await writeFile(file, fleetSpec([A, B, C]));
      const result = await rollout();
      expect(summary(result.outcomes)).toEqual([
        [`fleet-${A}`, "unchanged"],
        [`fleet-${B}`, "unchanged"],
        [`fleet-${C}`, "done"],
      ]);
      const [outside, ours] = fake.operations(NAME).slice(-2);
      expect([outside?.status, ours?.status]).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    });

    it("with ManagedExecution, behind one that never ends, it times out still QUEUED", async () => {
      await deployed([A, B]);
      fake.neverFinish((op) => op.targets.length === 1 && op.targets[0]?.account === A);
      fake.startOutsideOperation(NAME, "UPDATE", [A], REGION);
      await writeFile(file, fleetSpec([A, B, C]));
      const result = await rollout({ operationTimeoutMs: 20, pollDelaysMs: [1] });
      expect(result.outcomes[2]?.error?.code).toBe("STACKSET_OPERATION_TIMEOUT");
      expect(result.outcomes[2]?.error?.message).toContain("still QUEUED after the timeout");
    });

    it("without ManagedExecution, AWS refuses the next operation: every account of the update fails with that", async () => {
      await deployed([A, B]);
      const set = fake.stackSets.get(NAME);
      if (set !== undefined) set.managedExecution = false;
      fake.neverFinish(() => true);
      fake.startOutsideOperation(NAME, "UPDATE", [A], REGION);
      await writeFile(file, fleetSpec([A, B], "s3:PutObject"));
      const result = await rollout();
      expect(summary(result.outcomes)).toEqual(
        [A, B].map((a) => [
          `fleet-${a}`,
          "failed",
          "AWS_ERROR",
          `cloudformation:UpdateStackSet on ${NAME} failed: OperationInProgressException: Another Operation on StackSet ${NAME} is in progress`,
        ]),
      );
    });
  });

  it("a declined or dry run writes nothing to the StackSet", async () => {
    await writeFile(file, fleetSpec([A, B]));
    const result = await rollout({ dryRun: true });
    expect(result.outcomes.map((o) => o.status)).toEqual(["not-attempted", "not-attempted"]);
    expect(fake.stackSets.size).toBe(0);
    expect(await readFile(file, "utf8")).toBe(fleetSpec([A, B]));
  });
});
