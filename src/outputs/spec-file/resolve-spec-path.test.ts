import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveSpecPath } from "./resolve-spec-path.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-spec-path-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("resolveSpecPath", () => {
  it("prefers -c, then CROSSROLE_CONFIG, then ./crossrole.yaml", () => {
    const env = { CROSSROLE_CONFIG: "from-env.yaml" };
    expect(resolveSpecPath({ flag: "flag.yaml", env, cwd: dir })).toBe(join(dir, "flag.yaml"));
    expect(resolveSpecPath({ flag: undefined, env, cwd: dir })).toBe(join(dir, "from-env.yaml"));
    expect(resolveSpecPath({ env: {}, cwd: dir })).toBe(join(dir, "crossrole.yaml"));
  });

  it("keeps absolute paths and ignores empty values", () => {
    expect(resolveSpecPath({ flag: "/etc/spec.yaml", env: {}, cwd: dir })).toBe("/etc/spec.yaml");
    expect(resolveSpecPath({ flag: "", env: { CROSSROLE_CONFIG: " " }, cwd: dir })).toBe(
      join(dir, "crossrole.yaml"),
    );
  });

  it("falls back to crossrole.yml or crossrole.json when only that exists", async () => {
    await writeFile(join(dir, "crossrole.json"), "{}");
    expect(resolveSpecPath({ env: {}, cwd: dir })).toBe(join(dir, "crossrole.json"));
    await writeFile(join(dir, "crossrole.yml"), "");
    expect(resolveSpecPath({ env: {}, cwd: dir })).toBe(join(dir, "crossrole.yml"));
    await writeFile(join(dir, "crossrole.yaml"), "");
    expect(resolveSpecPath({ env: {}, cwd: dir })).toBe(join(dir, "crossrole.yaml"));
  });
});
