import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUILD } from "../emulator/accounts.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createUserWithKey } from "../emulator/world.js";
import { screenLines } from "../support/run-in-pty.js";
import { type AccessWorld, ADMIN_FLAGS, createAccessWorld, specWithTargets } from "./access-fixture.js";

const emulator = useEmulator({ reset: "test" });
let world: AccessWorld;
beforeEach(async () => {
  await createUserWithKey(emulator, BUILD, "ci");
  world = await createAccessWorld(emulator);
});
afterEach(async () => {
  await world?.dispose();
});

/**
 * A `run` prefix that runs the CLI under a pseudo-terminal (util-linux script): stdout and stderr are the terminal
 * and come back mixed on stdout. The arguments are joined with spaces (`$*`): the ones used here have none.
 */
const PTY: readonly string[] = ["/bin/sh", "-c", 'exec script -qec "$*" /dev/null', "sh"];

/** The lines that start a part's block in a run report (`t01    done  …`, `BUILD  no changes`). */
function partLines(lines: readonly string[]): string[] {
  return lines.filter((l) => /^(t0\d|BUILD) {2,}(done|no changes|FAILED|REFUSED|not attempted)/.test(l));
}

describe("apply and destroy print each part once (built CLI, emulator)", () => {
  it("in a pipe: every part's line and its details once, the summary once, no status line or escape code", async () => {
    await world.writeSpec(specWithTargets(2));
    const apply = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
    expect(apply.code).toBe(0);
    const lines = apply.stdout.split("\n");
    expect(partLines(lines).sort()).toEqual([
      expect.stringMatching(/^BUILD +done +1 IAM call/),
      expect.stringMatching(/^t01 +done +2 IAM call/),
      expect.stringMatching(/^t02 +done +2 IAM call/),
    ]);
    expect(lines.filter((l) => /applied: CreateRole \/crossrole-01,/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith("summary: "))).toEqual(["summary: 3 done; 5 IAM write call(s)."]);
    expect(apply.stdout).not.toContain("\x1b");
    // The role-creation preview lists the statements' actions and resources.
    expect(apply.stdout).toMatch(/\+ statement: .*action .*ecr:GetAuthorizationToken/);

    // A run where only one part changes: the others read "no changes" once, never "no changes  no changes".
    await world.writeSpec(specWithTargets(2, { maxSessionDuration: 7200 }));
    const update = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
    expect(update.code).toBe(0);
    expect(update.stdout).not.toMatch(/no changes +no changes/);
    expect(partLines(update.stdout.split("\n"))).toHaveLength(3);

    const destroy = await world.run(["destroy", "--yes", ...ADMIN_FLAGS]);
    expect(destroy.code).toBe(0);
    const dlines = destroy.stdout.split("\n");
    expect(partLines(dlines)).toHaveLength(3);
    expect(dlines.filter((l) => /removed: DeleteRolePolicy crossrole-01/.test(l))).toHaveLength(1);
    expect(dlines.filter((l) => l.startsWith("summary: "))).toHaveLength(1);
  });

  it("on a terminal: the status line is replaced by each result, which appears once; colour is on", async () => {
    await world.writeSpec(specWithTargets(3));
    const apply = await world.run(["apply", "--yes", ...ADMIN_FLAGS], { prefix: PTY });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/\[\d\/4\] working on/); // the live status line was drawn ...
    const screen = screenLines(apply.stdout);
    expect(screen.filter((l) => /^\[\d\/4\]/.test(l))).toEqual([]); // ... and replaced, never left on screen
    expect(partLines(screen)).toHaveLength(4);
    expect(screen.filter((l) => l.startsWith("summary: "))).toHaveLength(1);
    expect(apply.stdout).toContain("\x1b[32mdone\x1b[39m");

    const destroy = await world.run(["destroy", "--yes", "--no-color", ...ADMIN_FLAGS], { prefix: PTY });
    expect(destroy.code).toBe(0);
    const dscreen = screenLines(destroy.stdout);
    expect(dscreen.filter((l) => /^\[\d\/4\]/.test(l))).toEqual([]);
    expect(partLines(dscreen)).toHaveLength(4);
    for (const colour of ["\x1b[31m", "\x1b[32m", "\x1b[33m"]) expect(destroy.stdout).not.toContain(colour);
  });

  it("--quiet: apply prints only the summary line on success; destroy -q the same", async () => {
    await world.writeSpec(specWithTargets(2));
    const apply = await world.run(["apply", "--yes", "-q", ...ADMIN_FLAGS]);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toBe("summary: 3 done; 5 IAM write call(s).\n");
    const again = await world.run(["apply", "--yes", "--quiet", ...ADMIN_FLAGS]);
    expect(again.stdout).toBe("no changes: live IAM state matches the spec (0 IAM write calls).\n");
    const destroy = await world.run(["destroy", "--yes", "-q", ...ADMIN_FLAGS]);
    expect(destroy.code).toBe(0);
    expect(destroy.stdout).toBe("summary: 3 done; 5 IAM write call(s).\n");
  });
});
