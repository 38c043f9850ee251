import { chmod, chown, cp, mkdir, realpath } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canRunNodeAs } from "../support/run-as-user.js";
import { runProcess } from "../support/run-process.js";
import { cliPath, initSpec, makeTempDir, runCli } from "./run-cli.js";

/**
 * Spec discovery (issue 15, section 4), run from subdirectories with the built CLI: -c, then CROSSROLE_CONFIG, then
 * crossrole.yaml in the working directory or a parent, up to the repository root or the home directory; the file
 * used named on stderr; none found is exit 2 saying where it looked.
 */

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const made = await makeTempDir();
  cleanup = made.cleanup;
  root = await realpath(made.dir);
  // repo/            a repository with its spec at the top
  // outer/repo/      a repository without a spec, inside a directory that has one
  for (const d of ["repo/.git", "repo/a/b", "outer/repo/.git", "outer/repo/sub"]) {
    await mkdir(join(root, d), { recursive: true });
  }
  await initSpec(join(root, "repo"));
  await initSpec(join(root, "outer"));
});
afterAll(() => cleanup());

const at = (sub: string, args: string[], env: Record<string, string> = {}) =>
  runCli(args, { cwd: join(root, sub), env: { HOME: root, ...env } });

describe("the upward search", () => {
  it("plan from a subdirectory uses the repository's spec and says so on stderr only", async () => {
    const run = await at("repo/a/b", ["plan", "--format", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("crossrole: using spec ../../crossrole.yaml\n");
    expect(JSON.parse(run.stdout)).toMatchObject({ source: join(root, "repo", "crossrole.yaml") });
  });

  it("lint from a subdirectory finds it too", async () => {
    const run = await at("repo/a", ["lint"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("crossrole: using spec ../crossrole.yaml\n");
  });

  it("-c wins and is not echoed; CROSSROLE_CONFIG wins and is named", async () => {
    const named = await at("repo/a/b", ["lint", "-c", join(root, "outer", "crossrole.yaml")]);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stderr).toBe("");
    const fromEnv = await at("repo/a/b", ["lint"], {
      CROSSROLE_CONFIG: join(root, "outer", "crossrole.yaml"),
    });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(fromEnv.stderr).toBe(
      `crossrole: using spec ${join(root, "outer", "crossrole.yaml")} (from CROSSROLE_CONFIG)\n`,
    );
  });

  it("does not take a spec from above the repository root: exit 2, where it looked, what to do", async () => {
    const run = await at("outer/repo/sub", ["plan"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    const sub = join(root, "outer", "repo", "sub");
    expect(run.stderr).toContain(
      `no access spec found: looked for crossrole.yaml, crossrole.yml or crossrole.json in ${sub} (the working directory) and ${join(root, "outer", "repo")} (the search stops at the repository root`,
    );
    expect(run.stderr).toContain("crossrole init");
    expect(run.stderr).toContain("-c FILE");
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it("assume without a spec anywhere: the same message, exit 2, nothing on stdout", async () => {
    const run = await at("outer/repo/sub", ["assume", "deploy", "--format", "sh"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("no access spec found");
  });
});

// An unsearchable parent: only reachable as a non-root uid whose directory loses its x bit after it entered it.
const isRoot = process.getuid?.() === 0;
const UID = "54322";
const nodeRunsAsUid = canRunNodeAs(Number(UID));
if (isRoot && !nodeRunsAsUid) {
  console.log(
    `spec-discovery: skipping the unreadable-directory case: uid ${UID} cannot run ${process.execPath}`,
  );
}
describe("a directory the search may not look into", () => {
  it.skipIf(!nodeRunsAsUid)("stops there and says so (exit 2) rather than looking further up", async () => {
    const { dir, cleanup: done } = await makeTempDir();
    try {
      await chmod(dir, 0o755);
      await cp(dirname(cliPath), join(dir, "dist"), { recursive: true });
      await initSpec(dir); // a spec above: must not be used
      const locked = join(dir, "locked");
      await mkdir(join(locked, "inner"), { recursive: true });
      for (const d of [locked, join(locked, "inner")]) await chown(d, Number(UID), Number(UID));
      const script = `cd "$1/inner" && chmod 000 "$1" && exec "$2" "$3" plan`;
      const run = await runProcess(
        "setpriv",
        [`--reuid=${UID}`, `--regid=${UID}`, "--clear-groups", "--", "sh", "-c", script, "sh", locked].concat(
          [process.execPath, join(dir, "dist", "crossrole.cjs")],
        ),
        { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: dir } },
      );
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(
        `could not look into ${join(locked, "inner")} (EACCES), so it stopped there`,
      );
    } finally {
      await chmod(join(dir, "locked"), 0o755).catch(() => undefined);
      await done();
    }
  });
});
