import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkLocalFile, LocalFileError, type LocalFileRules, readLocalFile } from "./read-local-file.js";

let dir: string;
let server: Server | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-read-"));
});
afterEach(async () => {
  await new Promise((done) => (server === undefined ? done(undefined) : server.close(done)));
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const RULES: LocalFileRules = { what: "test file", maxBytes: 1024 };

/** Each case makes a path in `dir`; expected: the text read, "missing", or the refusal and a phrase of it. */
const cases: Array<[string, () => Promise<string>, LocalFileRules, string | [string, RegExp]]> = [
  ["a regular file", () => file("a.txt", "hello"), RULES, "hello"],
  ["an empty file", () => file("e.txt", ""), RULES, ""],
  ["a file of exactly the limit", () => file("l.txt", "x".repeat(1024)), RULES, "x".repeat(1024)],
  ["nothing there", async () => join(dir, "nothing"), RULES, "missing"],
  ["a path through a file", async () => join(await file("f", "x"), "below"), RULES, "missing"],
  [
    "a directory",
    () => mkdirIn("d"),
    RULES,
    ["not-regular", /test file .*\/d is a directory, not a regular file/],
  ],
  [
    "a FIFO with no writer",
    () => fifo("p"),
    RULES,
    ["not-regular", /is a FIFO \(named pipe\), not a regular/],
  ],
  ["/dev/zero", async () => "/dev/zero", RULES, ["not-regular", /\/dev\/zero is a character device/]],
  ["a socket", () => socket("s"), RULES, ["not-regular", /is a socket, not a regular file/]],
  [
    "a file over the limit",
    () => file("big", "x".repeat(3000)),
    RULES,
    ["too-large", /big is 2.9 KiB \(3000 bytes\); the limit for a test file is 1 KiB\.$/],
  ],
  [
    "a file whose size lies (/proc: 0 bytes, more when read)",
    async () => "/proc/self/maps",
    { what: "mapping", maxBytes: 16 },
    ["too-large", /maps is larger than 16 bytes; the limit for a mapping is 16 bytes/],
  ],
  ["a symlink to a file, followed", () => link("ln", "t.txt", "target"), RULES, "target"],
  [
    "a symlink to a file, with noFollow",
    () => link("ln", "t.txt", "target"),
    { ...RULES, noFollow: true },
    ["symlink", /ln is a symbolic link; crossrole does not read it through links/],
  ],
  ["a symlink to a FIFO, followed", () => linkTo("lf", fifo("p2")), RULES, ["not-regular", /is a FIFO/]],
];

describe("readLocalFile", () => {
  it.each(cases)("%s", async (_name, make, rules, expected) => {
    const path = await make();
    const started = Date.now();
    const outcome = (() => {
      try {
        return readLocalFile(path, rules)?.toString("utf8") ?? "missing";
      } catch (error) {
        return error;
      }
    })();
    expect(Date.now() - started).toBeLessThan(1000);
    if (typeof expected === "string") {
      expect(outcome).toBe(expected);
      return;
    }
    expect(outcome).toBeInstanceOf(LocalFileError);
    const error = outcome as LocalFileError;
    expect(error.problem).toBe(expected[0]);
    expect(error.path).toBe(path);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(expected[1]);
    expect(error.kind).toBe("environment");
  });

  it("takes the exit code's kind and the hint from the rules", async () => {
    const rules: LocalFileRules = { ...RULES, kind: "invalid-input", hint: "use a file" };
    expect(() => readLocalFile("/dev/zero", rules)).toThrow(
      expect.objectContaining({ kind: "invalid-input", hint: "use a file", code: "LOCAL_FILE_NOT_REGULAR" }),
    );
  });

  it.skipIf(process.getuid?.() === 0)("reports an unreadable file", async () => {
    const path = await file("secret", "x");
    execFileSync("chmod", ["000", path]);
    expect(() => readLocalFile(path, RULES)).toThrow(/secret cannot be read: permission denied/);
  });
});

describe("checkLocalFile", () => {
  it("checks without reading: the status of a regular file, undefined when missing, the same refusals", async () => {
    expect(checkLocalFile(await file("a", "abc"), RULES)?.size).toBe(3);
    expect(checkLocalFile(join(dir, "none"), RULES)).toBeUndefined();
    const pipe = await fifo("p");
    expect(() => checkLocalFile(pipe, RULES)).toThrow(/is a FIFO/);
    const big = await file("b", "x".repeat(2000));
    expect(() => checkLocalFile(big, RULES)).toThrow(/limit for a test file/);
  });
});

// --- helpers ---

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function mkdirIn(name: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(path);
  return path;
}

async function fifo(name: string): Promise<string> {
  const path = join(dir, name);
  execFileSync("mkfifo", [path]);
  return path;
}

async function socket(name: string): Promise<string> {
  const path = join(dir, name);
  server = createServer();
  await new Promise((done) => server?.listen(path, () => done(undefined)));
  return path;
}

async function link(name: string, targetName: string, text: string): Promise<string> {
  return linkTo(name, file(targetName, text));
}

async function linkTo(name: string, target: Promise<string>): Promise<string> {
  const path = join(dir, name);
  await symlink(await target, path);
  return path;
}
