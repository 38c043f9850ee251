import { execFileSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SpecError, UsageError } from "../core/errors.js";
import { loadSpec } from "./load-spec.js";

const SPEC = `version: 1
region: eu-west-1
build:
  account: "222222222222"
  principal: user/ci-builder
targets:
  ourthing:
    account: "111111111111"
    role: OurThingBuildRole
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-load-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadSpec", () => {
  it("loads a valid spec with its file and text", async () => {
    const file = join(dir, "crossrole.yaml");
    await writeFile(file, SPEC);
    const loaded = await loadSpec(file);
    expect(loaded.file).toBe(file);
    expect(loaded.text).toBe(SPEC);
    expect(loaded.spec.targets.ourthing?.role).toBe("OurThingBuildRole");
  });

  it("reads JSON by extension", async () => {
    const file = join(dir, "crossrole.json");
    await writeFile(file, '{"version": 1, "region": "eu-west-1"}');
    const error = await loadSpec(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).message).toContain(`${file}:1:1: build: is required`);
  });

  it("says which path it tried and to run crossrole init when there is no file", async () => {
    const file = join(dir, "crossrole.yaml");
    const error = await loadSpec(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ kind: "invalid-input", message: `no access spec at ${file}.` });
    expect((error as UsageError).hint).toContain("crossrole init");
  });

  it("refuses a directory", async () => {
    await mkdir(join(dir, "crossrole.yaml"));
    await expect(loadSpec(join(dir, "crossrole.yaml"))).rejects.toThrow(/is a directory/);
  });

  it.each([
    ["a character device", () => "/dev/zero", "is a character device"],
    ["a FIFO with no writer", () => mkfifo(join(dir, "fifo")), "is a FIFO (named pipe)"],
  ])("refuses %s at once, naming it (exit 2)", async (_name, make, what) => {
    const file = make();
    const error = await loadSpec(file).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: "invalid-input",
      message: expect.stringContaining(`${file} ${what}`),
    });
  });

  it("reports invalid specs with their locations", async () => {
    const file = join(dir, "crossrole.yaml");
    await writeFile(file, SPEC.replace('"111111111111"', "111111111111"));
    await expect(loadSpec(file)).rejects.toThrow(
      `${file}:8:14: targets.ourthing.account: YAML read 111111111111`,
    );
  });

  it("refuses a file that is not UTF-8 text", async () => {
    const file = join(dir, "crossrole.yaml");
    await writeFile(file, Uint8Array.from([0x76, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    await expect(loadSpec(file)).rejects.toThrow(
      `${file}:1:4: is not a text file (byte 0xFF here is not valid UTF-8)`,
    );
  });

  it("refuses a file over 1 MiB without parsing it", async () => {
    const file = join(dir, "crossrole.yaml");
    await writeFile(file, `# ${"x".repeat(1024 * 1024)}\n`);
    await expect(loadSpec(file)).rejects.toThrow(
      `${file}:1:1: is 1 MiB (1048579 bytes); the limit for an access spec is 1 MiB (is this the right file?)`,
    );
  });

  it.skipIf(process.getuid?.() === 0)("reports an unreadable file as an environment problem", async () => {
    const file = join(dir, "crossrole.yaml");
    await writeFile(file, SPEC);
    await chmod(file, 0o000);
    await expect(loadSpec(file)).rejects.toMatchObject({ code: "SPEC_UNREADABLE", kind: "environment" });
  });
});

function mkfifo(path: string): string {
  execFileSync("mkfifo", [path]);
  return path;
}
