import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EnvironmentError } from "../core/errors.js";
import { findProfileSection } from "./ini/aws-profile-section.js";
import { readIniSection } from "./ini/find-ini-section.js";
import { removeManagedProfiles, setManagedProfiles } from "./ini/managed-profile.js";
import { parseIni } from "./ini/parse-ini.js";
import { readAwsFile, resolveAwsProfileFiles, writeAwsProfile } from "./write-aws-profile.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-awsfile-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;
const addProfile = (name: string, file: string) => (doc: ReturnType<typeof parseIni>) =>
  setManagedProfiles(
    doc,
    "config",
    [{ name, origin: `target ${name}`, entries: [{ key: "region", value: "eu-west-1" }] }],
    {
      force: false,
      file,
    },
  );

describe("resolveAwsProfileFiles", () => {
  it.each([
    [{}, "/home/u/.aws/config", "/home/u/.aws/credentials"],
    [
      { AWS_CONFIG_FILE: "", AWS_SHARED_CREDENTIALS_FILE: "" },
      "/home/u/.aws/config",
      "/home/u/.aws/credentials",
    ],
    [
      { AWS_CONFIG_FILE: "/etc/aws/cfg", AWS_SHARED_CREDENTIALS_FILE: "/etc/aws/creds" },
      "/etc/aws/cfg",
      "/etc/aws/creds",
    ],
    [
      { AWS_CONFIG_FILE: "~/x/cfg", AWS_SHARED_CREDENTIALS_FILE: "rel/creds" },
      "/home/u/x/cfg",
      "/work/rel/creds",
    ],
  ])("%j", (env, configFile, credentialsFile) => {
    expect(resolveAwsProfileFiles({ env, homeDir: "/home/u", cwd: "/work" })).toEqual({
      configFile,
      credentialsFile,
    });
  });
});

describe("writeAwsProfile", () => {
  it("creates the file 0600 in a new 0700 directory, leaving no temp or lock file", async () => {
    const file = join(dir, "home", ".aws", "config");
    const result = await writeAwsProfile(file, addProfile("a", file));
    expect(result).toEqual({ file, changed: true, created: true });
    expect(await modeOf(file)).toBe(0o600);
    expect(await modeOf(join(dir, "home", ".aws"))).toBe(0o700);
    expect(await modeOf(join(dir, "home"))).toBe(0o700);
    expect(await readdir(join(dir, "home", ".aws"))).toEqual(["config"]);
    expect(await readFile(file, "utf8")).toContain("[profile a]\nregion = eu-west-1\n");
  });

  it("tightens an existing 0644 file to 0600 when it rewrites it, keeping other bytes", async () => {
    const file = join(dir, "config");
    await writeFile(file, "# mine\r\n[default]\r\nregion=x", { mode: 0o644 });
    await writeAwsProfile(file, addProfile("a", file));
    expect(await modeOf(file)).toBe(0o600);
    expect(await readFile(file, "utf8")).toMatch(
      /^# mine\r\n\[default\]\r\nregion=x\r\n\r\n# managed by crossrole/,
    );
  });

  it("does not rewrite a file the edit leaves unchanged", async () => {
    const file = join(dir, "config");
    await writeAwsProfile(file, addProfile("a", file));
    const before = await stat(file);
    const result = await writeAwsProfile(file, addProfile("a", file));
    expect(result.changed).toBe(false);
    expect((await stat(file)).ino).toBe(before.ino);
  });

  it("keeps bytes that are not UTF-8 exactly (a Latin-1 comment)", async () => {
    const file = join(dir, "config");
    const original = Buffer.from("# caf\xe9 \xff\xfe\n[default]\nregion=x\n", "latin1");
    await writeFile(file, original);
    await writeAwsProfile(file, addProfile("a", file));
    const after = await readFile(file);
    expect(after.subarray(0, original.length).equals(original)).toBe(true);
    expect(after.includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(false);
  });

  it("deletes a file the edit leaves empty, and creates none for an edit that adds nothing", async () => {
    const file = join(dir, "config");
    await writeAwsProfile(file, addProfile("a", file));
    const removeA = (doc: ReturnType<typeof parseIni>) =>
      removeManagedProfiles(doc, "config", ["a"], file).doc;
    expect(await writeAwsProfile(file, removeA)).toEqual({
      file,
      changed: true,
      created: false,
      deleted: true,
    });
    expect(await readdir(dir)).toEqual([]);
    expect(await writeAwsProfile(file, removeA)).toEqual({ file, changed: false, created: false });
    expect(await readdir(dir)).toEqual([]);
  });

  it("writes nothing when the edit throws", async () => {
    const file = join(dir, "config");
    await writeFile(file, "[default]\n");
    await expect(
      writeAwsProfile(file, () => {
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(await readFile(file, "utf8")).toBe("[default]\n");
    expect(await readdir(dir)).toEqual(["config"]);
  });

  it("refuses a symlinked file, and leaves it and its target alone", async () => {
    const target = join(dir, "real-config");
    await writeFile(target, "[default]\n");
    const file = join(dir, "config");
    await symlink(target, file);
    const error = await writeAwsProfile(file, addProfile("a", file)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).code).toBe("SYMLINK_REFUSED");
    expect((await lstat(file)).isSymbolicLink()).toBe(true);
    expect(await readFile(target, "utf8")).toBe("[default]\n");
    await expect(readAwsFile(file)).rejects.toMatchObject({ code: "SYMLINK_REFUSED" });
  });

  it("refuses a symlinked parent directory", async () => {
    const real = join(dir, "real-aws");
    await mkdir(real);
    await symlink(real, join(dir, ".aws"));
    const file = join(dir, ".aws", "config");
    await expect(writeAwsProfile(file, addProfile("a", file))).rejects.toMatchObject({
      code: "SYMLINK_REFUSED",
    });
    expect(await readdir(real)).toEqual([]);
  });

  it("refuses a directory where the file should be", async () => {
    const file = join(dir, "config");
    await mkdir(file);
    await expect(writeAwsProfile(file, addProfile("a", file))).rejects.toMatchObject({
      kind: "environment",
      message: expect.stringContaining(`${file} is a directory, not a regular file`),
    });
  });

  it("20 concurrent writers of different profiles to one file: none is lost", async () => {
    const file = join(dir, "config");
    await writeFile(file, "# keep\n[default]\nregion = us-east-1\n");
    const names = Array.from({ length: 20 }, (_, i) => `p${i}`);
    await Promise.all(names.map((name) => writeAwsProfile(file, addProfile(name, file))));
    const doc = parseIni(await readFile(file, "utf8"));
    for (const name of names) {
      const at = findProfileSection(doc, name, "config", file);
      expect(at, name).toBeDefined();
      expect(readIniSection(doc, at ?? -1).get("region")).toBe("eu-west-1");
    }
    expect((await readFile(file, "utf8")).startsWith("# keep\n[default]\nregion = us-east-1\n\n")).toBe(true);
    expect(await readdir(dir)).toEqual(["config"]);
  });
});
