import { chmod, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  describeSpecInUse,
  describeSpecNotFound,
  locateSpec,
  resolveSpecPath,
  type SpecSource,
  userSpecPath,
} from "./resolve-spec-path.js";

let root: string;
beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), "crossrole-spec-path-")));
});
afterEach(async () => {
  await chmod(join(root, "w", "locked"), 0o755).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

/** Creates files (content "") and directories (trailing "/") under root. */
async function tree(entries: readonly string[]): Promise<void> {
  for (const entry of entries) {
    const path = join(root, entry);
    if (entry.endsWith("/")) await mkdir(path, { recursive: true });
    else {
      await mkdir(join(path, ".."), { recursive: true });
      await writeFile(path, "");
    }
  }
}

describe("locateSpec: -c and CROSSROLE_CONFIG", () => {
  it("prefers -c, then CROSSROLE_CONFIG, both relative to cwd, over any file found", async () => {
    await tree(["crossrole.yaml"]);
    const env = { CROSSROLE_CONFIG: "from-env.yaml" };
    expect(locateSpec({ flag: "flag.yaml", env, cwd: root })).toEqual({
      path: join(root, "flag.yaml"),
      source: "flag",
      searched: [],
    });
    expect(locateSpec({ env, cwd: root })).toMatchObject({
      path: join(root, "from-env.yaml"),
      source: "env",
    });
    expect(resolveSpecPath({ flag: "/etc/spec.yaml", env: {}, cwd: root })).toBe("/etc/spec.yaml");
  });

  it("ignores empty values", async () => {
    await tree(["crossrole.yaml"]);
    expect(locateSpec({ flag: "", env: { CROSSROLE_CONFIG: " " }, cwd: root })).toMatchObject({
      path: join(root, "crossrole.yaml"),
      source: "found",
    });
  });
});

describe("locateSpec: the upward search", () => {
  // [case, files and directories, cwd, home, expected path or undefined (none found), directories searched]
  const cases: Array<[string, string[], string, string | undefined, string | undefined, string[]]> = [
    ["in the working directory", ["w/crossrole.yaml"], "w", undefined, "w/crossrole.yaml", ["w"]],
    [
      "yaml before yml before json",
      ["w/crossrole.json", "w/crossrole.yml"],
      "w",
      undefined,
      "w/crossrole.yml",
      ["w"],
    ],
    ["json alone", ["w/crossrole.json"], "w", undefined, "w/crossrole.json", ["w"]],
    [
      "in a parent",
      ["w/crossrole.yaml", "w/a/b/"],
      "w/a/b",
      undefined,
      "w/crossrole.yaml",
      ["w/a/b", "w/a", "w"],
    ],
    [
      "the nearest wins",
      ["w/crossrole.yaml", "w/a/crossrole.yml", "w/a/b/"],
      "w/a/b",
      undefined,
      "w/a/crossrole.yml",
      ["w/a/b", "w/a"],
    ],
    [
      "stops at the repository root",
      ["crossrole.yaml", "w/.git/", "w/a/"],
      "w/a",
      undefined,
      undefined,
      ["w/a", "w"],
    ],
    [
      "a worktree's .git file counts",
      ["crossrole.yaml", "w/.git", "w/a/"],
      "w/a",
      undefined,
      undefined,
      ["w/a", "w"],
    ],
    [
      "the repository root itself is searched",
      ["w/.git/", "w/crossrole.yaml", "w/a/"],
      "w/a",
      undefined,
      "w/crossrole.yaml",
      ["w/a", "w"],
    ],
    [
      "a spec beside .git in a subdirectory wins",
      ["w/.git/", "w/a/crossrole.yaml"],
      "w/a",
      undefined,
      "w/a/crossrole.yaml",
      ["w/a"],
    ],
    [
      "stops at the home directory",
      ["crossrole.yaml", "home/a/"],
      "home/a",
      "home",
      undefined,
      ["home/a", "home"],
    ],
    [
      "finds a spec in the home directory",
      ["home/crossrole.yaml", "home/a/"],
      "home/a",
      "home",
      "home/crossrole.yaml",
      ["home/a", "home"],
    ],
    [
      "a directory named crossrole.yaml is found (the reader refuses it)",
      ["w/crossrole.yaml/"],
      "w",
      undefined,
      "w/crossrole.yaml",
      ["w"],
    ],
  ];
  it.each(cases)("%s", async (_, entries, cwd, home, expected, searched) => {
    await tree(entries);
    const location = locateSpec({ env: {}, cwd: join(root, cwd), home: home && join(root, home) });
    if (expected === undefined) {
      expect(location.source).toBe("none");
      expect(location.path).toBe(join(root, cwd, "crossrole.yaml"));
    } else {
      expect(location).toMatchObject({ path: join(root, expected), source: "found" });
    }
    expect(location.searched).toEqual(searched.map((d) => join(root, d)));
  });

  it("goes up to the filesystem root when nothing stops it", async () => {
    await tree(["w/a/"]);
    const location = locateSpec({ env: {}, cwd: join(root, "w", "a") });
    // Unless the machine has a crossrole.yaml above the temp dir, the search ends at "/".
    if (location.source === "none") {
      expect(location.searched.at(-1)).toBe("/");
      expect(location.stop).toEqual({ kind: "root", dir: "/" });
    }
  });

  it("follows a symlinked spec and a symlinked directory; finds a dangling link (the reader reports it)", async () => {
    await tree(["real/crossrole.yaml", "w/.git/", "w/a/"]);
    await symlink(join(root, "real", "crossrole.yaml"), join(root, "w", "crossrole.yaml"));
    expect(locateSpec({ env: {}, cwd: join(root, "w", "a") })).toMatchObject({
      path: join(root, "w", "crossrole.yaml"),
      source: "found",
    });
    // cwd reached through a symlink: the search walks the path it is given (process.cwd() is the physical one).
    await symlink(join(root, "w", "a"), join(root, "link"));
    expect(locateSpec({ env: {}, cwd: join(root, "link") }).searched[0]).toBe(join(root, "link"));
    await tree(["d/.git/"]);
    await symlink(join(root, "nowhere.yaml"), join(root, "d", "crossrole.yaml"));
    expect(locateSpec({ env: {}, cwd: join(root, "d") })).toMatchObject({
      path: join(root, "d", "crossrole.yaml"),
      source: "found",
    });
  });

  it.skipIf(process.getuid?.() === 0)("stops, and says so, at a directory it may not look into", async () => {
    await tree(["crossrole.yaml", "w/locked/inner/"]);
    await chmod(join(root, "w", "locked"), 0o000);
    // The working directory below an unsearchable one (reached before its mode changed).
    const location = locateSpec({ env: {}, cwd: join(root, "w", "locked", "inner") });
    expect(location.source).toBe("none");
    expect(location.stop).toMatchObject({ kind: "unreadable", code: "EACCES" });
    expect(describeSpecNotFound(location, join(root, "w", "locked", "inner"))).toMatch(
      /could not look into .*inner \(EACCES\), so it stopped there/,
    );
  });
});

describe("messages", () => {
  it("names the file, relative when shorter, and the environment variable when it chose", async () => {
    const table: Array<[SpecSource, string, string, string]> = [
      ["found", "/w/crossrole.yaml", "/w/a/b", "crossrole: using spec ../../crossrole.yaml\n"],
      ["found", "/w/a/crossrole.yaml", "/w/a", "crossrole: using spec crossrole.yaml\n"],
      ["env", "/etc/x.yaml", "/home/u/w", "crossrole: using spec /etc/x.yaml (from CROSSROLE_CONFIG)\n"],
    ];
    for (const [source, path, cwd, line] of table) {
      expect(describeSpecInUse({ path, source, searched: [] }, cwd)).toBe(line);
    }
  });

  it("says where the search looked and why it stopped", async () => {
    await tree(["w/.git/", "w/a/b/"]);
    const cwd = join(root, "w", "a", "b");
    const location = locateSpec({ env: {}, cwd });
    expect(describeSpecNotFound(location, cwd)).toBe(
      `no access spec found: looked for crossrole.yaml, crossrole.yml or crossrole.json in ${cwd} (the working directory), ${join(root, "w", "a")} and ${join(root, "w")} (the search stops at the repository root, ${join(root, "w")}).`,
    );
    expect(describeSpecNotFound({ path: "/x", source: "flag", searched: [] }, cwd)).toBeUndefined();
  });
});

describe("the credential helper's rule", () => {
  it("does not search: CROSSROLE_CONFIG, else the user's spec under XDG_CONFIG_HOME or ~/.config", async () => {
    await tree(["w/crossrole.yaml"]);
    const cwd = join(root, "w");
    expect(locateSpec({ env: {}, cwd, userConfigHome: "/home/u" })).toEqual({
      path: "/home/u/.config/crossrole/crossrole.yaml",
      source: "user-config",
      searched: [],
    });
    expect(userSpecPath({ XDG_CONFIG_HOME: "/x" }, "/home/u")).toBe("/x/crossrole/crossrole.yaml");
    expect(userSpecPath({ XDG_CONFIG_HOME: "rel" }, "/home/u")).toBe(
      "/home/u/.config/crossrole/crossrole.yaml",
    );
    expect(locateSpec({ env: { CROSSROLE_CONFIG: "s.yaml" }, cwd, userConfigHome: "/home/u" }).path).toBe(
      join(cwd, "s.yaml"),
    );
  });
});
