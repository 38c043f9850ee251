import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commands } from "../../src/cli/command-registry.js";
import { COMMANDS_WITHOUT_REPORT } from "../../src/cli/json-request.js";
import { expectDocument } from "../support/output-schemas.js";
import { initArgs, makeTempDir, runCli } from "./run-cli.js";

/** The offline commands' --json documents, validated by ajv against schema/output (the emulator tests do the rest). */
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  await cleanup();
});

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

describe("--json (built CLI, offline commands)", () => {
  it("init, plan (--json and --format json alike), lint: one document each, matching its schema", async () => {
    const init = await runCli([...initArgs, "--json"], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    expect(expectDocument("init", init.stdout)).toMatchObject({
      file: join(dir, "crossrole.yaml"),
      targets: [{ name: "ourthing", account: "111111111111" }],
    });
    const plan = await runCli(["plan", "--json"], { cwd: dir });
    expect(plan.code, plan.stderr).toBe(0);
    expect(expectDocument("plan", plan.stdout)).toMatchObject({ command: "plan" });
    const format = await runCli(["plan", "--format", "json"], { cwd: dir });
    expect(format.stdout).toBe(plan.stdout);
    // With --out the document is the file; stdout stays empty (never a line that is not JSON).
    const out = await runCli(["plan", "--json", "--out", "plan-out"], { cwd: dir });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toBe("");
    expect(out.stderr).toContain("wrote plan-out/plan.json");
    expect(expectDocument("plan", await readFile(join(dir, "plan-out", "plan.json"), "utf8"))).toMatchObject({
      command: "plan",
    });
    const lint = await runCli(["lint", "--json"], { cwd: dir });
    expect(expectDocument("lint", lint.stdout)).toMatchObject({ command: "lint" });
  });

  it.each(["--json=true", "--json=false"])(
    "%s is refused (exit 2, --json takes no value), as the JSON error document the flag asked for",
    async (flag) => {
      const run = await runCli(["lint", flag], { cwd: dir });
      expect(run.code).toBe(2);
      const document = expectDocument("error", run.stdout) as { command: string; error: { message: string } };
      expect(document.command).toBe("lint");
      expect(document.error.message).toBe(
        "crossrole lint: --json takes no value: write --json for the JSON document, or leave it out for text",
      );
    },
  );

  it("whoami (and status) with no credentials and no spec: exit 0, a document whose parts say why", async () => {
    const env = { AWS_EC2_METADATA_DISABLED: "true", AWS_REGION: "eu-west-1" };
    const run = await runCli(["whoami", "--json"], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    const doc = expectDocument("whoami", run.stdout);
    expect(doc).toMatchObject({
      formatVersion: 1,
      command: "whoami",
      identity: { problem: expect.stringMatching(/credentials/i) },
      spec: { problem: expect.any(String) },
      sessions: [],
      profiles: [],
      docker: { auths: [], credHelpers: [] },
    });
    const status = await runCli(["status", "--json"], { cwd: dir, env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toBe(run.stdout);
  });

  it("profile (write, remove) and configure: files and sections, never the keys or the ExternalId", async () => {
    const env = { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET };
    await runCli(initArgs, { cwd: dir });
    const written = await runCli(["profile", "ourthing", "--source-from-env", "--json"], { cwd: dir, env });
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).not.toContain(SECRET);
    expect(written.stdout).not.toContain(KEY_ID);
    expect(expectDocument("profile", written.stdout)).toMatchObject({
      action: "write",
      profile: "ourthing",
      hasExternalId: true,
      credentialsSection: "[ourthing-source]",
    });
    const removed = await runCli(["profile", "ourthing", "--remove", "--json"], { cwd: dir });
    expect(expectDocument("profile", removed.stdout)).toMatchObject({ action: "remove" });
    expect((JSON.parse(removed.stdout) as { removed: string[] }).removed.length).toBeGreaterThan(0);

    const configured = await runCli(["configure", "--from-env", "--json"], {
      cwd: dir,
      env: {
        ...env,
        REGION: "eu-west-1",
        ROLE_ARN: "arn:aws:iam::111111111111:role/OurThingBuildRole",
        EXTERNAL_ID: "some-external-id-value-0123456789",
      },
    });
    expect(configured.code, configured.stderr).toBe(0);
    expect(configured.stdout).not.toContain(SECRET);
    expect(configured.stdout).not.toContain("some-external-id-value-0123456789");
    expect(expectDocument("configure", configured.stdout)).toMatchObject({ hasExternalId: true });
  });

  it.each([
    ["a bad flag", ["apply", "--json", "--dry-rnu"], "apply", 2],
    ["a spec that does not parse", ["lint", "--json"], "lint", 2],
    ["ecr login --print-password", ["ecr", "login", "--json", "--print-password"], "ecr login", 2],
    [
      "rotate build-key --key-out -",
      ["rotate", "build-key", "--json", "--key-out", "-"],
      "rotate build-key",
      2,
    ],
    ["apply --key-out -", ["apply", "--json", "--create-build-user", "--key-out", "-"], "apply", 2],
  ])(
    "a failure (%s) prints the error document on stdout, the message on stderr, the usual exit code",
    async (_, args, command, code) => {
      await writeFile(join(dir, "crossrole.yaml"), "version: 1\ntargets: [\n");
      const run = await runCli(args, { cwd: dir });
      expect(run.code).toBe(code);
      expect(run.stderr).toMatch(/crossrole/);
      expect(expectDocument("error", run.stdout)).toMatchObject({ command, exitCode: code });
    },
  );

  it.each(Object.keys(commands).filter((c) => !COMMANDS_WITHOUT_REPORT.includes(c)))(
    "%s --help documents --json",
    async (command) => {
      const subcommands = command === "ecr" ? ["login", "configure-helper", "logout"] : [undefined];
      for (const sub of subcommands) {
        const help = await runCli([command, ...(sub === undefined ? [] : [sub]), "--help"], { cwd: dir });
        expect(help.code).toBe(0);
        expect(help.stdout).toMatch(/--json\s/);
      }
    },
  );
});
