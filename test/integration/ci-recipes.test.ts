// The CI recipes the README and docs/ci/ give, run as written (read from the files, never copied here) against
// the emulator: the Jenkinsfile's `sh` steps (as Jenkins runs them: sh -xe), the Buildkite step's command (bash -e)
// and the CircleCI job's run steps (bash -eo pipefail), each in order, with `crossrole` and `aws` on PATH and the
// BUILD keys in the environment as the platform's secrets would put them. The spec's target is `deploy` here.
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { TARGET } from "../emulator/accounts.js";
import { resolveAwsCli } from "../emulator/real-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { runProcess } from "../support/run-process.js";
import { createEcrWorld, type EcrWorld, HOST } from "./ecr-world.js";

const emulator = useEmulator({ reset: "test" });
const ROOT = resolve(import.meta.dirname, "../..");

let world: EcrWorld;
let env: Record<string, string>;
beforeEach(async () => {
  world = await createEcrWorld(emulator);
  const bin = join(world.sandbox.dir, "bin");
  await mkdir(bin);
  const shim = async (name: string, command: string) => {
    await writeFile(join(bin, name), `#!/bin/sh\nexec ${command} "$@"\n`);
    await chmod(join(bin, name), 0o755);
  };
  await shim("crossrole", `${process.execPath} ${join(ROOT, "dist/crossrole.cjs")}`);
  await shim("aws", (await resolveAwsCli()).join(" "));
  env = { ...world.env, PATH: `${bin}:${world.env.PATH}`, CROSSROLE_TARGET: "deploy" };
});

/** Runs each script in order with `shell`, stopping at the first failure; returns the joined stdout. */
async function runSteps(shell: string[], scripts: readonly string[]): Promise<string> {
  expect(scripts.length).toBeGreaterThan(0);
  let stdout = "";
  for (const script of scripts) {
    const run = await runProcess(shell[0] as string, [...shell.slice(1), script], {
      env,
      cwd: world.sandbox.dir,
      ignoreStdin: true,
    });
    expect(run.code, `${script}\n${run.stderr}`).toBe(0);
    stdout += run.stdout;
  }
  return stdout;
}

function expectTargetRole(stdout: string): void {
  expect(stdout).toMatch(new RegExp(`arn:aws:sts::${TARGET}:assumed-role/deploy/`));
}

/** The README's ```yaml blocks of the "Jenkins, Buildkite, CircleCI" section. */
async function readmeSnippets(): Promise<Record<string, unknown>[]> {
  const readme = await readFile(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("### Jenkins, Buildkite, CircleCI");
  const section = readme.slice(start, readme.indexOf("\n## ", start));
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1] as string));
}

describe("CI recipes, run as written", () => {
  it("docs/ci/Jenkinsfile: its sh steps log in to ECR, run a command as the role, and log out", async () => {
    const text = await readFile(join(ROOT, "docs/ci/Jenkinsfile"), "utf8");
    const steps = [...text.matchAll(/sh '''\n([\s\S]*?)'''/g)].map((m) => m[1] as string);
    expect(steps).toHaveLength(3);
    const [login, deploy, logout] = steps as [string, string, string];
    await runSteps(["sh", "-xe", "-c"], [login]);
    expect(Object.keys(JSON.parse(await readFile(world.dockerConfig, "utf8")).auths)).toEqual([HOST]);
    expectTargetRole(await runSteps(["sh", "-xe", "-c"], [deploy]));
    await runSteps(["sh", "-xe", "-c"], [logout]);
    expect(JSON.parse(await readFile(world.dockerConfig, "utf8")).auths ?? {}).toEqual({});
  });

  it("README's Buildkite step", async () => {
    const [buildkite] = await readmeSnippets();
    const steps = (buildkite as { steps: { command: string }[] }).steps.map((s) => s.command);
    expectTargetRole(await runSteps(["bash", "-e", "-c"], steps));
  });

  it("README's CircleCI job", async () => {
    const circle = (await readmeSnippets())[1] as { jobs: { deploy: { steps: unknown[] } } };
    const runs = circle.jobs.deploy.steps
      .filter((s) => s !== "checkout")
      .map((s) => {
        const run = (s as { run: string | { command: string } }).run;
        return typeof run === "string" ? run : run.command;
      });
    expectTargetRole(await runSteps(["bash", "-eo", "pipefail", "-c"], runs));
  });
});
