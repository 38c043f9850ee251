import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../src/cli/command-registry.js";
import { optionalTool } from "../support/optional-tool.js";
import { runInPty } from "../support/run-in-pty.js";
import { cliPath, initSpec, makeTempDir, runCli } from "./run-cli.js";

const ESC = "\x1b[";
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  await initSpec(dir);
});
afterAll(async () => {
  await cleanup();
});

const env = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? "",
  HOME: dir,
  TERM: "xterm",
  ...extra,
});

/** `lint` has info findings for the init spec and runs offline: its severity words are what gets coloured. */
describe.runIf(
  optionalTool("script", "pseudo-terminal colour tests", { install: "apt-get install util-linux" }),
)("colour: on a terminal, not in a pipe (crossrole lint under script(1))", () => {
  it("colours the severity words on a terminal", async () => {
    const run = await runInPty([process.execPath, cliPath, "lint"], { cwd: dir, env: env() });
    expect(run.code).toBe(0);
    expect(run.output).toContain(`${ESC}2minfo${ESC}22m`);
  });

  it.each([
    ["--no-color", ["--no-color"], {}],
    ["NO_COLOR=1", [], { NO_COLOR: "1" }],
    ["FORCE_COLOR=0", [], { FORCE_COLOR: "0" }],
    ["TERM=dumb", [], { TERM: "dumb" }],
  ])("no colour on a terminal with %s", async (_, flags, extra) => {
    const run = await runInPty([process.execPath, cliPath, "lint", ...flags], { cwd: dir, env: env(extra) });
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/info +confused-deputy-single-target/);
    expect(run.output).not.toContain(ESC);
  });

  it("plan on a terminal: bold headings", async () => {
    const run = await runInPty([process.execPath, cliPath, "plan"], { cwd: dir, env: env() });
    expect(run.output).toContain(`${ESC}1mLint: `);
  });
});

describe("colour in pipes", () => {
  it("none in a pipe", async () => {
    const run = await runCli(["lint"], { cwd: dir, env: { TERM: "xterm" } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/info +confused-deputy-single-target/);
    expect(run.stdout).not.toContain(ESC);
  });

  it("FORCE_COLOR=1 colours a pipe too; NO_COLOR and --no-color still win", async () => {
    expect((await runCli(["lint"], { cwd: dir, env: { FORCE_COLOR: "1" } })).stdout).toContain(
      `${ESC}2minfo`,
    );
    expect(
      (await runCli(["lint"], { cwd: dir, env: { FORCE_COLOR: "1", NO_COLOR: "1" } })).stdout,
    ).not.toContain(ESC);
    expect(
      (await runCli(["lint", "--no-color"], { cwd: dir, env: { FORCE_COLOR: "1" } })).stdout,
    ).not.toContain(ESC);
  });

  it("machine formats are never coloured, even forced: lint --json, plan --format json", async () => {
    for (const args of [
      ["lint", "--json"],
      ["plan", "--format", "json"],
    ]) {
      const run = await runCli(args, { cwd: dir, env: { FORCE_COLOR: "1" } });
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain(ESC);
      JSON.parse(run.stdout);
    }
  });
});

describe("--quiet", () => {
  it("lint -q lists only the failing findings, then the summary", async () => {
    const run = await runCli(["lint", "-q"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("0 errors, 0 warnings, 2 info\n");
  });

  it("init -q prints nothing on success", async () => {
    const run = await runCli(
      [
        "init",
        "--build-account",
        "222222222222",
        "--build-principal",
        "user/ci",
        "--target",
        "a=111111111111",
      ],
      { cwd: dir, env: { AWS_REGION: "eu-west-1" } },
    );
    expect(run.code).toBe(2); // the file exists: still an error, still reported
    expect(run.stderr).toMatch(/crossrole\.yaml/);
    const quiet = await runCli(
      [
        "init",
        "-q",
        "--out",
        "other.yaml",
        "--build-account",
        "222222222222",
        "--build-principal",
        "user/ci",
      ].concat(["--target", "a=111111111111", "--region", "eu-west-1"]),
      { cwd: dir },
    );
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toBe("");
  });
});

describe("every command takes --no-color and -q/--quiet", () => {
  // completion prints a shell script (nothing coloured, nothing to quieten); ecr's options are its subcommands'.
  it.each(Object.keys(commands).filter((c) => !["completion", "__complete", "schema"].includes(c)))(
    "%s --help lists them, and they parse",
    async (name) => {
      const help = await runCli(name === "ecr" ? [name, "login", "--help"] : [name, "--help"], { cwd: dir });
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/--no-color/);
      expect(help.stdout).toMatch(/-q, --quiet/);
      const sub = name === "ecr" ? ["login"] : name === "rotate" ? ["build-key"] : [];
      const parsed = await runCli([name, ...sub, "--no-color", "-q", "--help"], { cwd: dir });
      expect(parsed.stderr).not.toMatch(/Unknown option/i);
      expect(parsed.code).toBe(0);
    },
  );
});
