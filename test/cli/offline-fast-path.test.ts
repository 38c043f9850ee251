import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInPty } from "../support/run-in-pty.js";
import { runProcess } from "../support/run-process.js";
import { createEsModuleProbe, type EsModuleProbe } from "./es-module-probe.js";
import { cliPath, makeTempDir } from "./run-cli.js";

/**
 * `plan` and `lint` are answered by a CommonJS fast path (src/cli/offline-fast-path.ts, dist/chunks/
 * offline-fast-path.cjs) that the launcher runs instead of the ES-module CLI, handing over to it for a spec the
 * light reader declines. The oracle is the full CLI itself: dist/cli.js run directly, on the same files, must give
 * the same exit code, stdout, stderr and written files for every case. The probe (es-module-probe.ts) says which of
 * the two answered through the launcher, so a case meant for the fast path cannot silently compare the full CLI
 * with itself, and a hand-over shows the full CLI's output once, nothing of the fast path's.
 */

const fullCliPath = join(dirname(cliPath), "cli.js");

let dir: string;
let cleanup: () => Promise<void>;
let probe: EsModuleProbe;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  probe = await createEsModuleProbe(dir);
  await mkdir(join(dir, "work"));
  await writeFile(join(dir, "work", "crossrole.yaml"), spec(3));
  await writeFile(
    join(dir, "work", "anchored.yaml"),
    spec(2).replace("region: eu-west-1", "region: &r eu-west-1"),
  );
  await writeFile(join(dir, "work", "bad.yaml"), spec(2).replace('"100000000001"', '"1234"'));
  await writeFile(
    join(dir, "work", "admin.yaml"),
    spec(2).replace(
      "  principal: role/ci/builder",
      "  principal: role/ci/builder\n  admin: { roleArn: arn:aws:iam::222222222222:role/Admin }",
    ),
  );
  await writeFile(
    join(dir, "work", "spec.json"),
    JSON.stringify({
      version: 1,
      region: "eu-west-1",
      build: { account: "222222222222", principal: "role/ci/builder" },
      targets: { t0: { account: "123456789012", role: "/ci/R", permissions: { ecr: { push: ["app"] } } } },
    }),
  );
  execFileSync("mkfifo", [join(dir, "work", "fifo.yaml")]);
});
afterAll(() => cleanup());

/** A plain spec the light reader judges; t0's ExternalId is short: a lint warning (exit 4 with --strict). */
function spec(targets: number): string {
  return [
    "version: 1",
    "region: eu-west-1",
    "build:",
    '  account: "222222222222"',
    "  principal: role/ci/builder",
    "targets:",
    ...Array.from({ length: targets }, (_, i) => [
      `  t${i}:`,
      `    account: "${100000000000 + i}"`,
      "    role: /ci/BuildRole",
      `    externalId: ${i === 0 ? "short" : `id${i}-Q7vR2mK9pL4sT8wZ1nB6cD3fG5hJ0kYaEuIo`}`,
      "    permissions:",
      `      ecr: { push: [app${i}], pull: [base] }`,
      `      s3: { write: ["artifacts-${i}/builds/"], read: ["config/ci/"] }`,
      "    tags: { team: platform }",
    ]).flat(),
    "",
  ].join("\n");
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Every file the run left in the working directory (path relative to it: content). */
  files: Record<string, string>;
}

async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile()) out[relative(root, path)] = await readFile(path, "utf8");
  }
  return out;
}

/**
 * Runs `script args` in a fresh copy of the work directory, where `found` (a file of it), if given, is the
 * crossrole.yaml the upward search finds; what it printed and the files it left there.
 */
async function run(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  found?: string,
): Promise<Outcome> {
  const cwd = join(dir, "run");
  await rm(cwd, { recursive: true, force: true });
  execFileSync("cp", ["-a", join(dir, "work"), cwd]);
  if (found !== undefined) await writeFile(join(cwd, "crossrole.yaml"), await readFile(join(cwd, found)));
  const before = await snapshot(cwd);
  const result = await runProcess(process.execPath, [script, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env },
  });
  const after = await snapshot(cwd);
  const files = Object.fromEntries(Object.entries(after).filter(([path, text]) => before[path] !== text));
  return { code: result.code, stdout: result.stdout, stderr: result.stderr, files };
}

/** The launcher's outcome and who answered, beside the full CLI's outcome on the same argv. */
async function both(args: string[], env: Record<string, string> = {}, found?: string) {
  const probed = await probe.env();
  const launcher = await run(cliPath, args, { ...env, ...probed.env }, found);
  const { fullCli } = await probed.read();
  const full = await run(fullCliPath, args, env, found);
  return { launcher, full, answeredBy: fullCli ? "full CLI" : "fast path" };
}

describe("the offline fast path answers plan and lint as the full CLI does", () => {
  const answered: [string, string[], Record<string, string>?][] = [
    ["the text plan", ["plan"]],
    ["the JSON plan", ["plan", "--format", "json"]],
    ["--json", ["plan", "--json", "t1"]],
    ["markdown", ["plan", "--format", "markdown"]],
    ["dot", ["plan", "--format", "dot"]],
    ["CloudFormation files", ["plan", "--format", "cloudformation", "--out", "cfn"]],
    ["Terraform files (default directory)", ["plan", "--format", "terraform"]],
    ["a JSON plan into a directory", ["plan", "--format", "json", "--out", "out", "-q"]],
    ["a pull request comment", ["plan", "--format", "markdown", "--comment-file", "comment.md"]],
    ["--region", ["plan", "--region", "us-east-1", "--format", "json"]],
    ["colour forced into a pipe", ["plan", "t0"], { FORCE_COLOR: "1" }],
    ["NO_COLOR", ["lint"], { NO_COLOR: "1", FORCE_COLOR: "1" }],
    ["lint", ["lint"]],
    ["lint --strict with a warning (exit 4)", ["lint", "--strict"]],
    ["lint --json", ["lint", "--json"]],
    ["lint --strict -q", ["lint", "--strict", "-q", "t1", "t2"]],
    ["plan --help", ["plan", "--help"]],
    ["lint --help", ["lint", "--help"]],
    ["an unknown option", ["plan", "--fromat", "json"]],
    ["an unknown format", ["plan", "--format", "yaml"]],
    ["--json with another format", ["plan", "--json", "--format", "text"]],
    ["an unknown target", ["plan", "nope", "--json"]],
    ["no spec found, with --json", ["lint", "--json", "-c", "missing.yaml"]],
    ["--comment-file without markdown", ["plan", "--comment-file", "c.md"]],
    ["a FIFO as the spec", ["plan", "-c", "fifo.yaml"]],
    ["a directory as the spec", ["lint", "-c", "."]],
  ];
  it.each(answered)("%s", async (_, args, env) => {
    const { launcher, full, answeredBy } = await both(args, env);
    expect(answeredBy).toBe("fast path");
    // Something to compare: output or a written file.
    expect(launcher.stdout + launcher.stderr + Object.keys(launcher.files).join("")).not.toBe("");
    expect(launcher).toEqual(full);
  });

  // Found by the upward search (no -c), a spec is announced on stderr ("using spec crossrole.yaml") before it is
  // read: the hand-over must not show that notice twice.
  const handedOver: [string, string[], string?][] = [
    ["a spec outside the plain YAML subset (anchors)", ["plan", "--format", "json"], "anchored.yaml"],
    ["a spec only the schema judges", ["lint"], "admin.yaml"],
    ["an invalid spec, reported at its line and column", ["plan"], "bad.yaml"],
    ["an invalid spec, with --json", ["lint", "--json", "-c", "bad.yaml"]],
    ["a JSON spec", ["plan", "-c", "spec.json"]],
  ];
  it.each(handedOver)("hands over %s, having shown nothing", async (_, args, found) => {
    const { launcher, full, answeredBy } = await both(args, {}, found);
    expect(answeredBy).toBe("full CLI");
    // Exactly the full CLI's output: the "using spec" notice or the first lines once, not twice.
    expect(launcher).toEqual(full);
  });

  it("a spec found by the upward search is announced once", async () => {
    await mkdir(join(dir, "work", "sub"), { recursive: true });
    const { launcher, full, answeredBy } = await both(["lint", "--json"]);
    expect(answeredBy).toBe("fast path");
    expect(launcher).toEqual(full);
    await rm(join(dir, "work", "sub"), { recursive: true });
  });

  it("on a terminal, colours as the full CLI does", async () => {
    const cwd = join(dir, "work");
    const env = { PATH: process.env.PATH ?? "", HOME: cwd, TERM: "xterm-256color" };
    const launcher = await runInPty([process.execPath, cliPath, "lint", "--strict", "t0"], { cwd, env });
    const full = await runInPty([process.execPath, fullCliPath, "lint", "--strict", "t0"], { cwd, env });
    expect(launcher.code).toBe(4);
    expect(launcher.output).toContain("\u001b[");
    expect(launcher).toEqual(full);
  });

  it("keeps V8's code cache beside the bundle, private, once it answered", async () => {
    const cache = join(dirname(cliPath), "chunks", ".offline-fast-path.cjs.v8cache");
    const { launcher } = await both(["plan", "--format", "json"]);
    expect(launcher.code).toBe(0);
    const info = await stat(cache);
    expect(info.mode & 0o777).toBe(0o600);
    expect(info.size).toBeGreaterThan(10_000);
  });
});
