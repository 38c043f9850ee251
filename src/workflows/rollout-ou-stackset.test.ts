import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CANCELLED_REASON, MemoryStackSets } from "../../test/unit/support/memory-stackset.js";
import { renderRolloutPreview } from "../outputs/render-rollout-report.js";
import { type RolloutStackSetsOptions, rolloutStackSets } from "./rollout-stackset.js";

// rollout of `organizationalUnits` targets (service-managed StackSets, rollout-ou-stackset.ts): failure paths
// against the in-memory StackSets.

const [X, Y, Z] = ["200000000001", "200000000002", "200000000003"];
const OU = "ou-ab12-cdef5678";
const OU2 = "ou-ab12-99990000";
const REGION = "us-east-1";
const NAME = "crossrole-org";
const REASON = "ResourceLogicalId:Role, ResourceType:AWS::IAM::Role, ResourceStatusReason:Access denied.";

let dir: string;
let file: string;
let fake: MemoryStackSets;

function orgSpec(ous: string[], action = "s3:GetObject"): string {
  return `version: 1
region: ${REGION}
build:
  account: "222222222222"
  principal: user/ci
targets:
  org:
    organizationalUnits: [${ous.join(", ")}]
    externalIdPrefix: org-prefix-0123456789
    role: R
    permissions:
      statements:
        - { Effect: Allow, Action: ${action}, Resource: "arn:aws:s3:::org-bucket/*" }
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

async function deployedAccounts(): Promise<string[] | undefined> {
  const doc = parse(await readFile(file, "utf8")) as { targets: { org: { deployedAccounts?: string[] } } };
  return doc.targets.org.deployedAccounts;
}

const row = (o: { part: string; status: string; error?: { code: string; message: string } }) =>
  o.error === undefined ? [o.part, o.status] : [o.part, o.status, o.error.code, o.error.message];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-rollout-ou-unit-"));
  file = join(dir, "crossrole.yaml");
  fake = new MemoryStackSets();
  fake.organizationalUnits.set(OU, [X, Y, Z]);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("rolloutStackSets, organizationalUnits targets, against in-memory StackSets", () => {
  it("deploys to every account of the OU and records them", async () => {
    await writeFile(file, orgSpec([OU]));
    const result = await rollout();
    expect(result.outcomes.map(row)).toEqual([X, Y, Z].map((a) => [`org-${a}`, "done"]));
    expect(await deployedAccounts()).toEqual([X, Y, Z]);
    expect(fake.operations(NAME).map((o) => [o.action, o.status])).toEqual([["CREATE", "SUCCEEDED"]]);
  });

  it.each([
    {
      tolerance: 0,
      expected: [
        [`org-${X}`, "done"],
        [
          `org-${Y}`,
          "failed",
          "STACKSET_OPERATION_FAILED",
          `StackSet ${NAME}: FAILED in ${Y}/${REGION}: ${REASON}`,
        ],
        [
          `org-${Z}`,
          "failed",
          "STACKSET_OPERATION_FAILED",
          `StackSet ${NAME}: CANCELLED in ${Z}/${REGION}: ${CANCELLED_REASON}`,
        ],
      ],
    },
    {
      tolerance: 1,
      expected: [
        [`org-${X}`, "done"],
        [
          `org-${Y}`,
          "failed",
          "STACK_INSTANCE_NOT_CURRENT",
          `stack instance ${NAME} ${Y}/${REGION} is OUTDATED (FAILED): ${REASON}`,
        ],
        [`org-${Z}`, "done"],
      ],
    },
  ])(
    "deploying to an OU where one account fails, failure tolerance $tolerance",
    async ({ tolerance, expected }) => {
      await writeFile(file, orgSpec([OU]));
      fake.failIn(Y, REASON);
      const result = await rollout({ failureTolerance: tolerance });
      expect(result.outcomes.map(row)).toEqual(expected);
      expect(fake.operations(NAME)[0]?.status).toBe(tolerance === 0 ? "FAILED" : "SUCCEEDED");
    },
  );

  it("accounts whose stack failed are deployed again by the next rollout, once the cause is fixed", async () => {
    await writeFile(file, orgSpec([OU]));
    fake.failIn(Y, REASON);
    const first = await rollout();
    expect(first.outcomes.map((o) => o.status)).toEqual(["done", "failed", "failed"]);
    fake.stopFailing(Y);
    fake.calls.length = 0;
    const preview = renderRolloutPreview((await rollout({ dryRun: true })).preview);
    expect(preview).toContain(`  ~ deploy again 2 account(s) whose last stack operation failed: ${Y}, ${Z}`);
    const second = await rollout();
    expect(second.outcomes.map((o) => [o.part, o.status, o.notes])).toEqual([
      [`org-${X}`, "unchanged", []],
      [`org-${Y}`, "done", ["role deployed again (its last stack operation had failed)"]],
      [`org-${Z}`, "done", ["role deployed again (its last stack operation had failed)"]],
    ]);
    expect(fake.calls.filter((c) => !/^(Describe|List)/.test(c))).toEqual([`UpdateStackSet ${NAME}`]);
    expect((await fake.listStackInstances(NAME)).map((i) => i.status)).toEqual([
      "CURRENT",
      "CURRENT",
      "CURRENT",
    ]);
  });

  it("an account whose instance went missing (it left the OU) is dropped from deployedAccounts", async () => {
    await writeFile(file, orgSpec([OU]));
    await rollout();
    fake.removeInstance(NAME, Y, REGION);
    const result = await rollout();
    expect(result.outcomes.map((o) => [o.part, o.status, o.notes])).toEqual([
      [`org-${X}`, "unchanged", []],
      [
        `org-${Y}`,
        "done",
        ["left the OUs: no role any more, dropped from deployedAccounts and the BUILD grant"],
      ],
      [`org-${Z}`, "unchanged", []],
    ]);
    expect(await deployedAccounts()).toEqual([X, Z]);
  });

  it("a StackSet update that never finishes fails the target as a whole and leaves the spec as it was", async () => {
    await writeFile(file, orgSpec([OU]));
    await rollout();
    fake.neverFinish((op) => op.action === "UPDATE");
    const before = `${orgSpec([OU], "s3:PutObject").replace(/\n$/, "")}\n    deployedAccounts: ["${X}"]\n`;
    await writeFile(file, before);
    const result = await rollout({ operationTimeoutMs: 20, pollDelaysMs: [1] });
    expect(result.outcomes.map((o) => [o.part, o.status, o.error?.code])).toEqual([
      ["org", "failed", "STACKSET_OPERATION_TIMEOUT"],
    ]);
    expect(await readFile(file, "utf8")).toBe(before);
  });

  it("an operation already running without ManagedExecution: AWS refuses, the target fails with that", async () => {
    await writeFile(file, orgSpec([OU]));
    await rollout();
    const set = fake.stackSets.get(NAME);
    if (set !== undefined) set.managedExecution = false;
    fake.neverFinish(() => true);
    fake.startOutsideOperation(NAME, "UPDATE", [X], REGION);
    await writeFile(file, orgSpec([OU], "s3:PutObject"));
    const result = await rollout();
    expect(result.outcomes.map(row)).toEqual([
      [
        "org",
        "failed",
        "AWS_ERROR",
        `cloudformation:UpdateStackSet on ${NAME} failed: OperationInProgressException: Another Operation on StackSet ${NAME} is in progress`,
      ],
    ]);
  });

  it("removing an OU whose deletion fails in one account (within tolerance) reports that account failed", async () => {
    fake.organizationalUnits.set(OU2, [Z]);
    fake.organizationalUnits.set(OU, [X, Y]);
    await writeFile(file, orgSpec([OU, OU2]));
    await rollout();
    fake.failIn(Z, "Role R cannot be deleted: it is in use", ["DELETE"]);
    await writeFile(
      file,
      `${orgSpec([OU]).replace(/\n$/, "")}\n    deployedAccounts: ["${X}", "${Y}", "${Z}"]\n`,
    );
    const result = await rollout({ failureTolerance: 1 });
    expect(result.outcomes.map(row)).toEqual([
      [`org-${X}`, "done"], // the template names the OUs: an UpdateStackSet first
      [`org-${Y}`, "done"],
      [
        `org-${Z}`,
        "failed",
        "STACK_INSTANCE_NOT_CURRENT",
        `stack instance ${NAME} ${Z}/${REGION} is OUTDATED (FAILED): Role R cannot be deleted: it is in use`,
      ],
    ]);
  });
});
