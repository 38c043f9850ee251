import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runProcess } from "../support/run-process.js";
import { cliPath, initSpec, makeTempDir, runCli } from "./run-cli.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  await initSpec(dir);
});
afterEach(async () => cleanup());

/** Files under `root`, relative, recursively. */
function filesUnder(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).filter((f) => statSync(join(root, f)).isFile());
}

describe("plan --out", () => {
  it("an absolute DIR is used as is, not under the current directory", async () => {
    const { dir: elsewhere, cleanup: done } = await makeTempDir();
    try {
      const target = join(elsewhere, "infra", "plan");
      const r = await runCli(["plan", "--format", "cloudformation", "--out", target], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(filesUnder(target)).toHaveLength(2);
      // Before the fix the files went to $PWD + DIR.
      expect(existsSync(join(dir, elsewhere))).toBe(false);
    } finally {
      await done();
    }
  });

  it.each([["-"], [""]])("--out %j is a usage error (exit 2) and writes nothing", async (value) => {
    const before = readdirSync(dir).sort();
    const r = await runCli(["plan", "--format", "terraform", "--out", value], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out takes a directory/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it("under umask 000, the directories it creates are not world-writable and the files are 0644", async () => {
    const r = await runProcess(
      "/bin/sh",
      [
        "-c",
        'umask 000 && exec "$@"',
        "sh",
        process.execPath,
        cliPath,
        "plan",
        "-f",
        "terraform",
        "-o",
        "a/b",
      ],
      { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: dir } },
    );
    expect(r.code, r.stderr).toBe(0);
    for (const d of ["a", "a/b"]) expect(statSync(join(dir, d)).mode & 0o777).toBe(0o755);
    const files = filesUnder(join(dir, "a/b"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(statSync(join(dir, "a/b", f)).mode & 0o777).toBe(0o644);
  });
});
