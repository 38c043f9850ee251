import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../core/errors.js";
import { resolveSpecPath } from "../outputs/spec-file/resolve-spec-path.js";
import type { CliContext } from "./cli-context.js";
import { parseAssumeArgs } from "./parse-assume-options.js";

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "crossrole-args-"));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function ctx(env: Record<string, string> = {}): CliContext {
  return { env, cwd, stdout: { write: () => true }, stderr: { write: () => true }, stdinIsTTY: false };
}

function parse(argv: string[], env: Record<string, string> = {}) {
  return parseAssumeArgs("assume", argv, ctx(env), "test").options;
}

describe("parseAssumeArgs", () => {
  it("parses a spec target with every flag", async () => {
    await writeFile(join(cwd, "crossrole.yaml"), "");
    const o = parse([
      "deploy",
      "--session-name",
      "s1",
      "--duration",
      "1800",
      "--tag",
      "team=platform",
      "--tag",
      "x=a=b",
      "--source-identity",
      "alice",
      "--source-profile",
      "ci",
      "--region",
      "eu-west-1",
      "--endpoint-url",
      "http://127.0.0.1:1",
      "--min-ttl",
      "300",
      "--no-cache",
    ]);
    expect(o).toMatchObject({
      target: { kind: "spec", file: join(cwd, "crossrole.yaml"), target: "deploy" },
      sessionName: "s1",
      durationSeconds: 1800,
      tags: [
        { key: "team", value: "platform" },
        { key: "x", value: "a=b" },
      ],
      sourceIdentity: "alice",
      sourceProfile: "ci",
      region: "eu-west-1",
      endpoint: "http://127.0.0.1:1",
      minTtlSeconds: 300,
      cache: false,
    });
  });

  it("reads durations as 1h, 15m, 1h30m and --profile as --source-profile", async () => {
    await writeFile(join(cwd, "crossrole.yaml"), "");
    const o = parse(["a", "--duration", "1h30m", "--min-ttl", "15m", "--profile", "ci"]);
    expect(o).toMatchObject({ durationSeconds: 5400, minTtlSeconds: 900, sourceProfile: "ci" });
  });

  it("parses an ad hoc role", () => {
    const o = parse(["--role-arn", "arn:aws:iam::111111111111:role/r", "--external-id", "ext-1"]);
    expect(o.target).toEqual({
      kind: "role",
      roleArn: "arn:aws:iam::111111111111:role/r",
      externalId: "ext-1",
    });
    expect(o.cache).toBe(true);
  });

  it.each([
    [[], /which target/],
    [["a", "b"], /one TARGET/],
    [["a", "--role-arn", "arn:aws:iam::111111111111:role/r"], /not both/],
    [["a", "--external-id", "x"], /--external-id goes with --role-arn/],
    [["a", "--duration", "1.5h"], /takes a duration/],
    [["a", "--min-ttl", "ten"], /--min-ttl takes a duration/],
    [["a", "--profile", "x", "--source-profile", "y"], /name the same thing/],
    [["a", "--tag", "novalue"], /KEY=VALUE/],
    [["a", "--bogus"], /Unknown option/],
    [["a", "--no-cach"], /Did you mean "--no-cache"\?/],
    [["a"], /no access spec found: looked for crossrole.yaml, crossrole.yml or crossrole.json in /],
  ])("rejects %j", (argv, message) => {
    expect(() => parse(argv)).toThrow(UsageError);
    expect(() => parse(argv)).toThrow(message);
  });

  it.each([
    ["only crossrole.yml", [], {}, ["crossrole.yml"]],
    ["only crossrole.json", [], {}, ["crossrole.json"]],
    ["-c", ["-c", "sub/spec.yaml"], {}, []],
    ["CROSSROLE_CONFIG", [], { CROSSROLE_CONFIG: "/abs/spec.yaml" }, []],
  ])("finds the spec like resolveSpecPath: %s", async (_, flags, env, files) => {
    for (const f of files) await writeFile(join(cwd, f), "");
    const o = parse(["t", ...flags], env);
    const flag = flags[1];
    expect(o.target.kind === "spec" && o.target.file).toBe(resolveSpecPath({ flag, env, cwd }));
  });
});

describe("parseAssumeArgs: the spec in use", () => {
  it.each([
    ["in the working directory: silent", ["crossrole.yaml"], "", [], {}, undefined],
    [
      "in a parent directory: announced",
      ["crossrole.yaml"],
      "a/b",
      [],
      {},
      "crossrole: using spec ../../crossrole.yaml\n",
    ],
    ["named with -c: silent", ["crossrole.yaml"], "a", ["-c", "../crossrole.yaml"], {}, undefined],
    ["in a parent directory with -q: silent", ["crossrole.yaml"], "a/b", ["-q"], {}, undefined],
    ["from CROSSROLE_CONFIG: silent", ["s.yaml"], "a", [], { CROSSROLE_CONFIG: "../s.yaml" }, undefined],
  ])("%s", async (_, files, sub, flags, env, notice) => {
    for (const f of files) await writeFile(join(cwd, f), "");
    await mkdir(join(cwd, sub), { recursive: true });
    const parsed = parseAssumeArgs("assume", ["t", ...flags], { ...ctx(env), cwd: join(cwd, sub) }, "test");
    expect(parsed.specNotice).toBe(notice);
  });
});
