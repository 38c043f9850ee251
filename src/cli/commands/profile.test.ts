import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../core/errors.js";
import type { CliContext } from "../cli-context.js";
import { runConfigure } from "./configure.js";
import { runProfile } from "./profile.js";

const ROLE = "arn:aws:iam::111111111111:role/Deployer";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY+EXAMPLEKEY";
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-profile-cli-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function context(env: Record<string, string> = {}): CliContext & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    env: { HOME: dir, ...env },
    cwd: dir,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    stdinIsTTY: false,
    out,
    err,
  };
}

describe("crossrole profile (argv)", () => {
  it.each([
    [["--role-arn", ROLE], /exactly one of --source-profile/],
    [["--role-arn", ROLE, "--source-profile", "a", "--credential-source", "Environment"], /exactly one of/],
    [["--role-arn", ROLE, "--credential-source", "Imds"], /unknown --credential-source "Imds"/],
    [["t", "--role-arn", ROLE, "--source-profile", "a"], /either a TARGET .* or --role-arn/],
    [["t", "--external-id", "abc", "--source-profile", "a"], /--external-id goes with --role-arn/],
    [["--source-profile", "a"], /name a TARGET/],
    [["a", "b", "--source-profile", "a"], /one TARGET expected, got a, b/],
    [["--role-arn", ROLE, "--source-profile", "a", "--duration", "1.5h"], /--duration takes a duration/],
    [["--role-arn", ROLE, "--source-profile", "a", "--duration", "60"], /invalid duration 60/],
    [["--role-arn", ROLE, "--source-from-env"], /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY not set/],
    [["--remove"], /name the profile/],
    [["--bogus"], /Unknown option/],
  ])("%j is a usage error", async (argv, message) => {
    const error = await runProfile(argv, context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it("--help shows the usage with examples", async () => {
    const ctx = context();
    expect(await runProfile(["--help"], ctx)).toBe(0);
    expect(ctx.out.join("")).toContain("Examples:");
  });

  it("writes to $AWS_CONFIG_FILE, reports without secrets, and --remove removes", async () => {
    const configFile = join(dir, "cfg", "config");
    const ctx = context({
      AWS_CONFIG_FILE: configFile,
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "cfg", "credentials"),
      AWS_ACCESS_KEY_ID: "AKIAEXAMPLE000000001",
      AWS_SECRET_ACCESS_KEY: SECRET,
    });
    expect(await runProfile(["--role-arn", ROLE, "--external-id", "ext_1", "--source-from-env"], ctx)).toBe(
      0,
    );
    expect(ctx.out.join("")).toContain(`wrote [profile Deployer] in ${configFile}`);
    expect(ctx.out.join("")).toContain("try: aws sts get-caller-identity --profile Deployer");
    expect(await readFile(join(dir, "cfg", "credentials"), "utf8")).toContain(SECRET);
    expect(await runProfile(["--name", "Deployer", "--remove"], ctx)).toBe(0);
    // Both files were created by crossrole: removing its sections leaves no 0-byte files behind.
    await expect(readFile(configFile, "utf8")).rejects.toMatchObject({ code: "ENOENT" });
    await expect(readFile(join(dir, "cfg", "credentials"), "utf8")).rejects.toMatchObject({ code: "ENOENT" });
    expect([...ctx.out, ...ctx.err].join("")).not.toContain(SECRET);
  });
});

describe("crossrole configure (argv)", () => {
  it("requires --from-env", async () => {
    await expect(runConfigure([], context())).rejects.toThrow(/pass --from-env/);
    await expect(runConfigure(["--from-env", "extra"], context())).rejects.toThrow(/unexpected argument/);
  });
  it("writes the builder profiles and says so, with the precedence note", async () => {
    const ctx = context({
      REGION: "eu-west-1",
      ROLE_ARN: ROLE,
      EXTERNAL_ID: "ext_1",
      AWS_ACCESS_KEY_ID: "AKIAEXAMPLE000000001",
      AWS_SECRET_ACCESS_KEY: SECRET,
    });
    expect(await runConfigure(["--from-env"], ctx)).toBe(0);
    expect(ctx.out.join("")).toContain("wrote [default] and [profile builder] in");
    expect(ctx.err.join("")).toContain("note: AWS_ACCESS_KEY_ID");
    expect([...ctx.out, ...ctx.err].join("")).not.toContain(SECRET);
    expect(await readFile(join(dir, ".aws", "config"), "utf8")).toContain("[profile builder]");
  });
});
