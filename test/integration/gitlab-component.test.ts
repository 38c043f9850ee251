// The GitLab CI/CD component (templates/crossrole.yml), its shell lines as the shell executor runs them: the
// component's inputs interpolated ($[[ inputs.NAME ]]), the hidden job's variables exported, its before_script and
// then a job's script (`aws sts get-caller-identity`) run by bash with errexit, against the emulator.
// gitlab-ci-local.test.ts runs the same component in the real gitlab-ci-local (on Node 22, which it needs); this
// file checks the component's own declarations and runs its lines on the test's Node, without that tool.
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { TARGET } from "../emulator/accounts.js";
import { resolveAwsCli } from "../emulator/real-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { runProcess } from "../support/run-process.js";
import { createEcrWorld, type EcrWorld, HOST } from "./ecr-world.js";

const emulator = useEmulator({ reset: "test" });
const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "dist/crossrole.cjs");

interface Component {
  inputs: Record<string, { default?: unknown; options?: string[] }>;
  job: {
    id_tokens: Record<string, { aud: string }>;
    variables: Record<string, string>;
    before_script: string[];
    after_script: string[];
  };
  text: string;
}

async function readComponent(): Promise<Component> {
  const text = await readFile(join(ROOT, "templates/crossrole.yml"), "utf8");
  const [header, body] = parseAllDocuments(text).map((d) => d.toJS());
  return { inputs: header.spec.inputs, job: body[".crossrole"], text };
}

/** $[[ inputs.NAME ]] replaced as GitLab does, with the given values or the spec's defaults. */
function interpolate(text: string, inputs: Component["inputs"], values: Record<string, string>): string {
  return text.replace(/\$\[\[\s*inputs\.([a-z-]+)\s*\]\]/g, (_, name: string) => {
    const value = values[name] ?? inputs[name]?.default;
    if (value === undefined) throw new Error(`input ${name} has no value and no default`);
    return String(value);
  });
}

let world: EcrWorld;
beforeEach(async () => {
  world = await createEcrWorld(emulator);
});

async function runJob(values: Record<string, string>) {
  const component = await readComponent();
  const body = parseAllDocuments(interpolate(component.text, component.inputs, values))[1]?.toJS();
  const job = body[".crossrole"] as Component["job"];
  const aws = (await resolveAwsCli()).join(" ");
  const script = [
    "set -eo pipefail",
    ...Object.entries(job.variables).map(([k, v]) => `export ${k}='${String(v).replace(/'/g, "'\\''")}'`),
    ...job.before_script,
    `${aws} sts get-caller-identity --output json`,
  ].join("\n");
  const tmp = join(world.sandbox.dir, "tmp");
  await mkdir(tmp);
  const env = {
    ...world.env,
    CI_PROJECT_DIR: world.sandbox.dir,
    GITLAB_CI: "true",
    CI_JOB_ID: "77",
    TMPDIR: tmp,
  };
  const run = await runProcess("bash", ["-c", script], { env, cwd: world.sandbox.dir, ignoreStdin: true });
  // after_script: a shell of its own, also after a failure, as the runner runs it.
  const after = await runProcess("bash", ["-c", ["set -eo pipefail", ...job.after_script].join("\n")], {
    env,
    cwd: world.sandbox.dir,
    ignoreStdin: true,
  });
  expect(after.code, after.stderr).toBe(0);
  expect(await readdir(tmp)).toEqual([]);
  return { job, run };
}

describe("the GitLab CI/CD component", () => {
  it("declares every input it uses, and the hidden job asks for an OIDC token with the audience input", async () => {
    const component = await readComponent();
    const used = new Set([...component.text.matchAll(/\$\[\[\s*inputs\.([a-z-]+)\s*\]\]/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(component.inputs).sort());
    expect(component.job.id_tokens.CROSSROLE_ID_TOKEN?.aud).toBe("$[[ inputs.audience ]]");
  });

  it("before_script (export env, ecr-login) gives the job's script the target role; docker is logged in", async () => {
    const { run } = await runJob({ target: "deploy", crossrole: `node ${CLI}`, "ecr-login": "true" });
    expect(run.code, run.stderr).toBe(0);
    const identity = JSON.parse(run.stdout.slice(run.stdout.indexOf("{"))) as { Arn: string };
    expect(identity.Arn).toMatch(new RegExp(`^arn:aws:sts::${TARGET}:assumed-role/deploy/`));
    const config = JSON.parse(await readFile(world.dockerConfig, "utf8")) as {
      auths: Record<string, unknown>;
    };
    expect(Object.keys(config.auths)).toEqual([HOST]);
  });

  it("export profile: the job's script runs as the target through AWS_PROFILE and the profile crossrole wrote", async () => {
    const { run } = await runJob({ target: "deploy", crossrole: `node ${CLI}`, export: "profile" });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.slice(run.stdout.indexOf("{"))).Arn).toMatch(/:assumed-role\/deploy\//);
    expect(await readFile(world.sandbox.configFile, "utf8")).toContain("[profile deploy]");
  });

  it("a crossrole failure (here a missing spec) fails the job before its script runs", async () => {
    const { run } = await runJob({
      target: "deploy",
      crossrole: `node ${CLI}`,
      spec: join(world.sandbox.dir, "missing.yaml"),
    });
    expect(run.code).not.toBe(0);
    expect(run.stdout).not.toContain("Arn");
    expect(run.stderr).toContain("missing.yaml");
  });
});
