import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileExistsError, UsageError } from "../core/errors.js";
import { parseSpec } from "../core/spec/parse-spec.js";
import { type InitSpecOptions, initSpec } from "./init-spec.js";

let dir: string;
let options: InitSpecOptions;
const deps = { randomBytes: (n: number) => new Uint8Array(randomBytes(n)) };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-init-"));
  options = {
    file: join(dir, "crossrole.yaml"),
    force: false,
    region: "eu-west-1",
    buildAccount: "222222222222",
    buildPrincipal: "user/ci-builder",
    targets: [
      { name: "ourthing", account: "111111111111" },
      { name: "other", account: "333333333333" },
    ],
    role: "CrossroleBuildRole",
  };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function initError(change: Partial<InitSpecOptions>): Promise<UsageError> {
  const error = await initSpec({ ...options, ...change }, deps).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UsageError);
  expect(await readdir(dir)).toEqual([]);
  return error as UsageError;
}

describe("initSpec", () => {
  it("writes a valid spec with one distinct 40-character ExternalId per target", async () => {
    const result = await initSpec(options, deps);
    expect(result.file).toBe(options.file);
    expect(result.targets.map((t) => t.name)).toEqual(["ourthing", "other"]);
    const [a, b] = result.targets.map((t) => t.externalId);
    expect(a).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(a).not.toBe(b);
    const spec = parseSpec(await readFile(options.file, "utf8"), options.file);
    expect(spec.targets.ourthing).toMatchObject({
      account: "111111111111",
      role: "CrossroleBuildRole",
      externalId: a,
    });
    expect(spec.targets.other?.externalId).toBe(b);
  });

  it("refuses to overwrite without force, and overwrites with it", async () => {
    await writeFile(options.file, "mine");
    await expect(initSpec(options, deps)).rejects.toBeInstanceOf(FileExistsError);
    expect(await readFile(options.file, "utf8")).toBe("mine");
    await initSpec({ ...options, force: true }, deps);
    expect(await readFile(options.file, "utf8")).toContain("version: 1");
  });

  it("refuses to write through a symlink", async () => {
    await symlink(join(dir, "elsewhere.yaml"), options.file);
    await expect(initSpec({ ...options, force: true }, deps)).rejects.toMatchObject({
      code: "SYMLINK_REFUSED",
    });
  });

  it.each([
    [
      { buildAccount: "2222" },
      '--build-account: must be exactly 12 digits, e.g. "111111111111" (got "2222")',
    ],
    [{ buildPrincipal: "usr/x" }, "--build-principal: must be user/NAME, role/NAME"],
    [{ buildPrincipal: "arn:aws:iam::999999999999:user/x" }, "--build-principal: is in account 999999999999"],
    [{ region: "europe" }, '--region: must be an AWS region such as eu-west-1 or us-east-1 (got "europe")'],
    [{ role: "bad role" }, "--role: must be a role name"],
    [
      { targets: [{ name: "ourthing", account: "1" }] },
      '--target ourthing: must be exactly 12 digits, e.g. "111111111111" (got "1")',
    ],
    [
      { targets: [{ name: "9lives", account: "111111111111" }] },
      "--target 9lives: target names start with a letter",
    ],
    [
      { targets: [{ name: "a:b", account: "111111111111" }] },
      "--target a:b: target names start with a letter",
    ],
    [
      {
        targets: [
          { name: "a", account: "111111111111" },
          { name: "b", account: "111111111111" },
        ],
      },
      "--role: targets `a` and `b` both use role CrossroleBuildRole in account 111111111111",
    ],
    [{ targets: [] }, "give at least one --target NAME=ACCOUNT"],
    [
      {
        targets: [
          { name: "x", account: "111111111111" },
          { name: "X", account: "333333333333" },
        ],
      },
      "--target X is given twice",
    ],
  ] as Array<[Partial<InitSpecOptions>, string]>)("refuses %j, writing nothing", async (change, phrase) => {
    const error = await initError(change);
    expect(error.message).toContain(phrase);
    expect(error.hint).toBe("Run: crossrole init --help");
  });

  it("lists every invalid option at once", async () => {
    const error = await initError({ buildAccount: "x", region: "y", role: "" });
    expect(error.message.split("\n").slice(1)).toHaveLength(4); // --role is reported once per target
    expect(error.message).toMatch(/--region[\s\S]*--build-account[\s\S]*--role/);
  });
});
