import { execFileSync } from "node:child_process";
import { chmod, cp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manyTargetSpec } from "../support/many-target-spec.js";
import { asUser, canRunNodeAs } from "../support/run-as-user.js";
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
/** A user other than the one running the tests (nobody), for the install-owned-by-root case. */
const NOBODY = 65534;

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
  return manyTargetSpec(targets, {
    externalId: (i) => (i === 0 ? "short" : `id${i}-Q7vR2mK9pL4sT8wZ1nB6cD3fG5hJ0kYaEuIo`),
  });
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
  sub = ".",
): Promise<Outcome> {
  const root = join(dir, "run");
  await rm(root, { recursive: true, force: true });
  execFileSync("cp", ["-a", join(dir, "work"), root]);
  if (found !== undefined) await writeFile(join(root, "crossrole.yaml"), await readFile(join(root, found)));
  await mkdir(join(root, sub), { recursive: true });
  const before = await snapshot(root);
  const result = await runProcess(process.execPath, [script, ...args], {
    cwd: join(root, sub),
    env: { PATH: process.env.PATH ?? "", HOME: root, ...env },
  });
  const after = await snapshot(root);
  const files = Object.fromEntries(Object.entries(after).filter(([path, text]) => before[path] !== text));
  return { code: result.code, stdout: result.stdout, stderr: withoutNodeWarnings(result.stderr), files };
}

/**
 * stderr without Node's own process warnings: Node 22 and later warn that NO_COLOR is ignored beside FORCE_COLOR
 * when a process creates its stderr stream, which the full CLI does and the fast path (writing to the file
 * descriptor) does not. They are Node's, not crossrole's output.
 */
function withoutNodeWarnings(stderr: string): string {
  return stderr.replace(/^\(node:\d+\) \w*Warning: .*\n(?:\(Use `node --trace-warnings .*\n)?/gm, "");
}

/** The launcher's outcome and who answered, beside the full CLI's outcome on the same argv. */
async function both(args: string[], env: Record<string, string> = {}, found?: string, sub?: string) {
  const probed = await probe.env();
  const launcher = await run(cliPath, args, { ...env, ...probed.env }, found, sub);
  const { fullCli } = await probed.read();
  const full = await run(fullCliPath, args, env, found, sub);
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

  it("a spec found by the upward search, in a parent directory, is announced once", async () => {
    const { launcher, full, answeredBy } = await both(["lint", "--json"], {}, undefined, "sub/dir");
    expect(answeredBy).toBe("fast path");
    expect(launcher.stderr).toBe(`crossrole: using spec ${join("..", "..", "crossrole.yaml")}\n`);
    expect(launcher).toEqual(full);
  });

  it("hands over before writing files: --out with a spec only the full parser reads", async () => {
    const args = ["plan", "--format", "cloudformation", "--out", "cfn", "-c", "anchored.yaml"];
    const { launcher, full, answeredBy } = await both(args);
    expect(answeredBy).toBe("full CLI");
    expect(Object.keys(launcher.files).length).toBeGreaterThan(1);
    expect(launcher).toEqual(full);
  });

  it("a stdout that cannot be written (a full disk) is reported as the full CLI reports it, not a Node crash", async () => {
    const cwd = join(dir, "work");
    const env = { PATH: process.env.PATH ?? "", HOME: cwd };
    const toFull = (script: string) =>
      runProcess("sh", ["-c", 'exec "$0" "$1" plan > /dev/full', process.execPath, script], { cwd, env });
    const [launcher, full] = [await toFull(cliPath), await toFull(fullCliPath)];
    expect(launcher.code).toBe(full.code);
    expect(launcher.code).not.toBe(0);
    const firstLines = (text: string) => withoutNodeWarnings(text).split("\n").slice(0, 3);
    expect(firstLines(launcher.stderr)).toEqual(firstLines(full.stderr));
    expect(launcher.stderr).toContain("crossrole: unexpected error");
    expect(launcher.stderr).toContain("ENOSPC");
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

  it.skipIf(!canRunNodeAs(NOBODY))(
    "beside an install root owns, another user's runs neither write nor try to write a code cache",
    async () => {
      const { dir: root, cleanup: done } = await makeTempDir();
      try {
        await chmod(root, 0o755);
        const install = join(root, "dist");
        await cp(dirname(cliPath), install, { recursive: true });
        const chunks = join(install, "chunks");
        for (const name of await readdir(chunks)) if (name.endsWith(".v8cache")) await rm(join(chunks, name));
        await writeFile(join(root, "crossrole.yaml"), spec(1), { mode: 0o644 });
        // Says on stderr whether the process loaded node:crypto, which only the code cache's writer needs here.
        const probeFile = join(root, "crypto-probe.cjs");
        await writeFile(
          probeFile,
          'process.on("exit", () => process.stderr.write("crypto loaded: " + process.moduleLoadList.includes("NativeModule crypto") + "\\n"));\n',
          { mode: 0o644 },
        );
        for (let i = 0; i < 2; i++) {
          const [command, ...args] = asUser(NOBODY, [
            process.execPath,
            "-r",
            probeFile,
            join(install, "crossrole.cjs"),
            "plan",
            "--format",
            "json",
          ]) as [string, ...string[]];
          const result = await runProcess(command, args, {
            cwd: root,
            env: { PATH: process.env.PATH ?? "", HOME: root },
          });
          expect(result.code, result.stderr).toBe(0);
          expect(result.stderr).toContain("crypto loaded: false");
        }
        expect((await readdir(chunks)).filter((name) => name.includes("v8cache"))).toEqual([]);
      } finally {
        await done();
      }
    },
  );
});
