import { lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EnvironmentError, FileExistsError } from "../../core/errors.js";
import { writeFileAtomic } from "./write-file-atomic.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-write-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe("writeFileAtomic", () => {
  it("writes a new file, leaving no temp file behind", async () => {
    const file = join(dir, "crossrole.yaml");
    await writeFileAtomic(file, "version: 1\n", { overwrite: false });
    expect(await readFile(file, "utf8")).toBe("version: 1\n");
    expect(await readdir(dir)).toEqual(["crossrole.yaml"]);
  });

  it("writes bytes", async () => {
    const file = join(dir, "bytes.bin");
    await writeFileAtomic(file, new Uint8Array([0, 1, 255]), { overwrite: false });
    expect([...(await readFile(file))]).toEqual([0, 1, 255]);
  });

  it("applies an explicit mode exactly, whatever the umask", async () => {
    const file = join(dir, "credentials");
    await writeFileAtomic(file, "secret", { overwrite: false, mode: 0o600 });
    expect(await modeOf(file)).toBe(0o600);
    await writeFileAtomic(file, "public", { overwrite: true, mode: 0o640 });
    expect(await modeOf(file)).toBe(0o640);
  });

  it("defaults to 0644 less the umask", async () => {
    const file = join(dir, "spec.yaml");
    await writeFileAtomic(file, "x", { overwrite: false });
    expect(await modeOf(file)).toBe(0o644 & ~process.umask());
  });

  it("refuses to replace an existing file without overwrite, and keeps it", async () => {
    const file = join(dir, "crossrole.yaml");
    await writeFile(file, "mine");
    await expect(writeFileAtomic(file, "new", { overwrite: false })).rejects.toBeInstanceOf(FileExistsError);
    expect(await readFile(file, "utf8")).toBe("mine");
    expect(await readdir(dir)).toEqual(["crossrole.yaml"]);
  });

  it("replaces an existing file with overwrite", async () => {
    const file = join(dir, "crossrole.yaml");
    await writeFile(file, "old");
    await writeFileAtomic(file, "new", { overwrite: true });
    expect(await readFile(file, "utf8")).toBe("new");
    expect(await readdir(dir)).toEqual(["crossrole.yaml"]);
  });

  it("refuses a symlink, even with overwrite, and leaves its target alone", async () => {
    const target = join(dir, "real.yaml");
    const link = join(dir, "crossrole.yaml");
    await writeFile(target, "real");
    await symlink(target, link);
    for (const overwrite of [false, true]) {
      const error = await writeFileAtomic(link, "new", { overwrite }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EnvironmentError);
      expect(error).toMatchObject({ code: "SYMLINK_REFUSED", kind: "environment" });
      expect((error as Error).message).toContain(link);
    }
    expect(await readFile(target, "utf8")).toBe("real");
    expect((await readdir(dir)).sort()).toEqual(["crossrole.yaml", "real.yaml"]);
  });

  it("replaceSymlink (cache entries): replaces the link itself, never writing its target", async () => {
    const target = join(dir, "real.json");
    const link = join(dir, "entry.json");
    await writeFile(target, "real");
    await symlink(target, link);
    await writeFileAtomic(link, "new", { overwrite: true, mode: 0o600, replaceSymlink: true });
    expect(await readFile(target, "utf8")).toBe("real");
    expect((await lstat(link)).isSymbolicLink()).toBe(false);
    expect(await readFile(link, "utf8")).toBe("new");
    expect((await readdir(dir)).sort()).toEqual(["entry.json", "real.json"]);
  });

  it("refuses a dangling symlink too", async () => {
    const link = join(dir, "crossrole.yaml");
    await symlink(join(dir, "nowhere"), link);
    await expect(writeFileAtomic(link, "x", { overwrite: false })).rejects.toMatchObject({
      code: "SYMLINK_REFUSED",
    });
  });

  it("refuses a directory", async () => {
    await expect(writeFileAtomic(dir, "x", { overwrite: true })).rejects.toMatchObject({
      code: "NOT_A_FILE",
    });
  });

  it("creates missing parent directories, with dirMode when given", async () => {
    const file = join(dir, "a", "b", "config");
    await writeFileAtomic(file, "x", { overwrite: false, dirMode: 0o700 });
    expect(await readFile(file, "utf8")).toBe("x");
    expect((await stat(join(dir, "a", "b"))).mode & 0o777).toBe(0o700 & ~process.umask());
  });

  it("fails with WRITE_FAILED and cleans up when the directory cannot be written", async () => {
    const parentIsFile = join(dir, "file");
    await writeFile(parentIsFile, "x");
    const error = await writeFileAtomic(join(parentIsFile, "child"), "x", { overwrite: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "WRITE_FAILED", kind: "environment" });
    expect(await readdir(dir)).toEqual(["file"]);
  });
});
