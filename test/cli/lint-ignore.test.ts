import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, runCli } from "./run-cli.js";

/**
 * Acknowledged findings (issue 15, section 3): `lint.ignore` in the spec hides a finding from plan and lint and
 * keeps it from failing lint; lint counts it. An error needs a reason; an unknown id is exit 2 with a did-you-mean.
 */

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

/** A spec with a short ExternalId (a warning) and a wildcard action and resource (two errors), `targetTail` in its target, then `tail`. */
async function specWith(tail: string, targetTail = ""): Promise<void> {
  const text = [
    "version: 1",
    "region: eu-west-1",
    'build: { account: "222222222222", principal: user/ci-builder }',
    "targets:",
    "  ourthing:",
    '    account: "111111111111"',
    "    role: OurThingBuildRole",
    "    externalId: short-id-123",
    "    permissions:",
    '      statements: [{ Effect: Allow, Action: "*", Resource: "*" }]',
    ...(targetTail === "" ? [] : [targetTail]),
    tail,
    "",
  ].join("\n");
  await writeFile(join(dir, "crossrole.yaml"), text);
}

const run = (args: string[]) => runCli([...args, "-c", "crossrole.yaml"], { cwd: dir });

describe("lint.ignore", () => {
  it("without ignores: the error and the warning show, exit 4", async () => {
    await specWith("");
    const lint = await run(["lint"]);
    expect(lint.code).toBe(4);
    expect(lint.stdout).toContain("permission-action-wildcard");
    expect(lint.stdout).toContain("external-id-short");
  });

  it("acknowledged: not shown, counted, exit 0; plan's summary counts them too", async () => {
    await specWith(
      [
        "lint:",
        "  ignore:",
        "    - external-id-short",
        "    - rule: permission-action-wildcard",
        "      reason: sandbox account, nothing else lives there",
        "    - { rule: permission-resource-wildcard, reason: same sandbox }",
      ].join("\n"),
    );
    const lint = await run(["lint"]);
    expect(lint.stderr).toBe("");
    expect(lint.stdout).not.toContain("permission-action-wildcard");
    expect(lint.stdout).not.toContain("external-id-short");
    expect(lint.stdout).toMatch(/, 3 acknowledged\n$/);
    expect(lint.code).toBe(0);
    const plan = await run(["plan"]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/^Lint: 0 errors, \d+ warnings?, \d+ info, 3 acknowledged$/m);
    expect(plan.stdout).not.toContain("external-id-short");
  });

  it("per target: the same, for that target", async () => {
    await specWith(
      "",
      "    lint: { ignore: [external-id-short, { rule: permission-action-wildcard, reason: sandbox }, { rule: permission-resource-wildcard, reason: sandbox }] }",
    );
    const lint = await run(["lint"]);
    expect(lint.stdout).toMatch(/3 acknowledged/);
    expect(lint.code).toBe(0);
  });

  it.each([
    ["an unknown id", "lint: { ignore: [external-id-shrot] }", "did you mean `external-id-short`?"],
    ["an error rule without a reason", "lint: { ignore: [permission-action-wildcard] }", "takes a reason"],
  ])("%s: exit 2 at its line, nothing on stdout", async (_, tail, phrase) => {
    await specWith(tail);
    const lint = await run(["lint"]);
    expect(lint.code).toBe(2);
    expect(lint.stdout).toBe("");
    expect(lint.stderr).toContain("lint.ignore[0]");
    expect(lint.stderr).toContain(phrase);
  });
});
