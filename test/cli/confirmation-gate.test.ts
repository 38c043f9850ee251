import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmationRefusal } from "../support/confirmation-refusal.js";
import { initSpec, makeTempDir, runCli } from "./run-cli.js";

/**
 * The one confirmation gate (issue 19), the offline half: commands that ask before they read AWS are refused
 * without --yes when stdin is not a terminal (the test's stdin is a pipe), with the same two lines naming the
 * command and exit 2, and without a request to AWS (no endpoint, no credentials are given). apply, destroy,
 * rollout and rotate external-id ask after reading AWS: their refusal is proven against the emulator in
 * test/integration (apply, destroy, rollout, rotate tests), with the same helper.
 */

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  await initSpec(dir);
});
afterAll(() => cleanup());

describe("no terminal, no --yes: refused the same way, exit 2", () => {
  it.each([
    ["revoke", ["revoke", "ourthing"]],
    ["rotate build-key", ["rotate", "build-key", "--key-out", "ci-key.json"]],
  ])("%s", async (command, args) => {
    const run = await runCli(args, { cwd: dir, input: "y\n" });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.endsWith(confirmationRefusal(command))).toBe(true);
    expect(run.stderr).not.toContain("[y/N]");
  });
});
