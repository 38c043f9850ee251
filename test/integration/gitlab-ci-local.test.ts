// The GitLab CI/CD component (templates/crossrole.yml) run by gitlab-ci-local (npm, MIT), which reads a project's
// .gitlab-ci.yml as GitLab does (include: local with inputs, $[[ inputs.NAME ]], extends, JSON schema validation)
// and runs the job with the shell executor (`bash -eo pipefail`, as the GitLab runner's shell does). With
// --shell-isolation it copies the project's tracked files into a fresh build directory (rsync), which is the job's
// $CI_PROJECT_DIR, as a runner's clone is. The job `extends: .crossrole` and runs `aws sts get-caller-identity`
// (the aws CLI v1 on the machine) against the emulator; it must see the target role.
//
// gitlab-ci-local 4.75.1 needs Node 22 (Set.prototype.union), so it runs on the Node 22 runtime .ci/with-node
// installs from the npm registry; the job's `node` is that one too. The BUILD keys (CI/CD variables in GitLab) come
// from the job's environment, which gitlab-ci-local passes on to shell jobs.
//
// gitlab-ci-local does not emulate `id_tokens:` (it mints no token and sets no variable), so the keyless tests set
// CROSSROLE_ID_TOKEN, the variable the component's `id_tokens:` declares, in the job's environment, as GitLab
// would, to a token minted by a local issuer that the emulator trusts.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BUILD, TARGET } from "../emulator/accounts.js";
import {
  GITLAB_ISSUER,
  type OidcIssuer,
  routeIssuerToEmulator,
  startOidcIssuer,
} from "../emulator/oidc-issuer.js";
import { resolveAwsCli } from "../emulator/real-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { runProcess } from "../support/run-process.js";
import { type AccessWorld, ADMIN_FLAGS, createAccessWorld } from "./access-fixture.js";
import { createEcrWorld, HOST, SPEC } from "./ecr-world.js";

const emulator = useEmulator({ reset: "test" });
const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "dist/crossrole.cjs");
const WITH_NODE = join(ROOT, ".ci/with-node");
const NODE = "22.23.5";
const GITLAB_CI_LOCAL = join(ROOT, "node_modules/gitlab-ci-local/dist/index.js");

/** The Node 22 binary (.ci/with-node's, from the npm registry), or undefined when gitlab-ci-local cannot run here. */
const node22 = gitlabCiLocalNode();

/**
 * Where the Node 22 that runs gitlab-ci-local is, when gitlab-ci-local runs on it and rsync (for --shell-isolation)
 * is there. Under CI=true they must be: .ci/run installs rsync, npm ci gitlab-ci-local and .ci/with-node the
 * runtime, so a failure there fails the tests instead of skipping them.
 */
function gitlabCiLocalNode(): string | undefined {
  const skip = (what: string, run: ReturnType<typeof spawnSync>): undefined => {
    const why = run.error?.message ?? (String(run.stderr).trim() || `exit ${run.status ?? run.signal}`);
    if (process.env.CI === "true")
      throw new Error(`gitlab-ci-local tests: ${what} does not run here (${why})`);
    console.warn(
      `gitlab-ci-local tests skipped: ${what} does not run here (${why}). npm ci installs gitlab-ci-local, ` +
        ".ci/with-node its Node 22 and apt-get install rsync the rest.",
    );
    return undefined;
  };
  const rsync = spawnSync("rsync", ["--version"], { encoding: "utf8" });
  if (rsync.status !== 0) return skip("rsync", rsync);
  // The first run of .ci/with-node installs the runtime (npm), hence the long timeout.
  const which = spawnSync(WITH_NODE, [NODE, "node", "-e", "process.stdout.write(process.execPath)"], {
    encoding: "utf8",
    timeout: 300_000,
  });
  if (which.status !== 0) return skip(`node ${NODE} (.ci/with-node)`, which);
  const version = spawnSync(which.stdout, [GITLAB_CI_LOCAL, "--version"], { encoding: "utf8" });
  if (version.status !== 0) return skip(`gitlab-ci-local on node ${NODE}`, version);
  return which.stdout;
}

/** One pipeline run: gitlab-ci-local's exit code and output, and the job's environment after its script. */
interface PipelineRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The job's output lines (`deploy > …`, stdout then stderr), without the prefix. */
  jobOutput: string;
  /** What `env` printed at the end of the job's script (empty when the script did not get there). */
  jobEnv: Record<string, string>;
  /** The job's $CI_PROJECT_DIR (gitlab-ci-local's build directory). */
  projectDir: string;
  /** The temp project gitlab-ci-local ran in (its state directory .gitlab-ci-local/ included). */
  cwd: string;
  /** The job's TMPDIR. */
  tmp: string;
  /** The text of every file under TMPDIR and $CI_PROJECT_DIR while the job's script ran. */
  filesDuringScript: string;
}

/** A directory the test owns, outside every project: the job's TMPDIR, the probe files, the aws wrapper. */
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(resolve(process.env.TMPDIR ?? "/tmp"), "crossrole-glci-"));
  // `aws` on the job's PATH: the machine's aws CLI v1 (resolveAwsCli: `python -m awscli` or `aws`).
  await mkdir(join(scratch, "bin"));
  const aws = (await resolveAwsCli()).map((a) => `'${a}'`).join(" ");
  await writeFile(join(scratch, "bin/aws"), `#!/bin/sh\nexec ${aws} "$@"\n`);
  await chmod(join(scratch, "bin/aws"), 0o755);
});
afterAll(async () => {
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

/**
 * A git project holding `files` (the component under templates/, the spec, .gitlab-ci.yml), committed, in which
 * gitlab-ci-local runs job `deploy` with the shell executor in an isolated build directory.
 */
async function runPipeline(
  name: string,
  files: Record<string, string>,
  env: Record<string, string>,
): Promise<PipelineRun> {
  const cwd = join(scratch, name);
  await mkdir(join(cwd, "templates"), { recursive: true });
  await copyFile(join(ROOT, "templates/crossrole.yml"), join(cwd, "templates/crossrole.yml"));
  for (const [path, text] of Object.entries(files)) await writeFile(join(cwd, path), text);
  const tmp = join(scratch, `${name}-tmp`);
  const probe = join(scratch, `${name}-probe`);
  await mkdir(tmp, { mode: 0o700 });
  await mkdir(probe, { mode: 0o700 });
  const node = node22 as string;
  const jobEnv: Record<string, string> = {
    ...env,
    // gitlab-ci-local's Node first on PATH: the job's `node` (the component's crossrole input) is Node 22 too.
    PATH: `${join(scratch, "bin")}:${dirname(node)}:${env.PATH ?? process.env.PATH ?? ""}`,
    TMPDIR: tmp,
    PROBE_DIR: probe,
  };
  // As the runner starts a job: the component decides where crossrole's cache and spec are.
  delete jobEnv.CROSSROLE_CACHE_DIR;
  delete jobEnv.CROSSROLE_CONFIG;
  const git = ["-c", "user.name=ci", "-c", "user.email=ci@example.com", "-c", "commit.gpgsign=false"];
  for (const args of [
    ["init", "-q", "-b", "main"],
    ["remote", "add", "origin", "https://gitlab.example.com/acme/app.git"],
    ["add", "-A"],
    ["commit", "-q", "-m", "pipeline"],
  ]) {
    const run = await runProcess("git", [...git, ...args], { env: jobEnv, cwd, ignoreStdin: true });
    expect(run.code, run.stderr).toBe(0);
  }
  const run = await runProcess(node, [GITLAB_CI_LOCAL, "--shell-isolation", "--no-color", "deploy"], {
    env: jobEnv,
    cwd,
    ignoreStdin: true,
    timeoutMs: 120_000,
  });
  // gitlab-ci-local prints the job's stdout on its stdout and the job's stderr on its stderr, both as `deploy > …`.
  const jobOutput = `${run.stdout}\n${run.stderr}`
    .split("\n")
    .filter((l) => l.startsWith("deploy > "))
    .map((l) => l.slice("deploy > ".length))
    .join("\n");
  const envFile = join(probe, "job-env");
  const jobEnvAfter = existsSync(envFile) ? parseEnv(await readFile(envFile, "utf8")) : {};
  const during = join(probe, "files-during-script");
  return {
    ...run,
    jobOutput,
    jobEnv: jobEnvAfter,
    projectDir: join(cwd, ".gitlab-ci-local/builds/deploy"),
    cwd,
    tmp,
    filesDuringScript: existsSync(during) ? await readFile(during, "latin1") : "",
  };
}

/** `env` output (NAME=value lines; a multi-line value continues on lines without `=`: enough for AWS_*). */
function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const at = line.indexOf("=");
    if (at > 0 && /^[A-Za-z_]\w*$/.test(line.slice(0, at))) env[line.slice(0, at)] = line.slice(at + 1);
  }
  return env;
}

/**
 * .gitlab-ci.yml: the component included locally with `inputs`, a job that extends it and calls the aws CLI. The
 * script first says it started, and at its end leaves in $PROBE_DIR (the test's, outside the project) its
 * environment and every file under the job's TMPDIR and $CI_PROJECT_DIR as they are while the script runs.
 */
function pipeline(inputs: Record<string, string | boolean>): string {
  const lines = Object.entries(inputs).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`);
  return [
    "include:",
    "  - local: templates/crossrole.yml",
    "    inputs:",
    ...lines,
    "deploy:",
    "  extends: .crossrole",
    "  script:",
    "    - echo script started",
    "    - aws sts get-caller-identity --output json",
    '    - env > "$PROBE_DIR/job-env"',
    '    - find "$TMPDIR" "$CI_PROJECT_DIR" -type f -exec cat {} + > "$PROBE_DIR/files-during-script"',
    "",
  ].join("\n");
}

/** Every file under `dir` (recursively), as text. */
async function allFiles(dir: string): Promise<string> {
  const texts: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) texts.push(await readFile(join(entry.parentPath, entry.name), "latin1"));
  }
  return texts.join("\n");
}

/**
 * No secret is in the project after the job: not in its build directory ($CI_PROJECT_DIR, what `artifacts:` and
 * `cache:` take files from), nor anywhere in the project gitlab-ci-local ran in (its job log included); and the
 * job's private files under TMPDIR are gone (after_script).
 */
async function expectNothingLeftBehind(run: PipelineRun, secrets: readonly string[]): Promise<void> {
  for (const secret of secrets) expect(secret.length).toBeGreaterThan(15);
  const project = await allFiles(run.cwd);
  expect(project).toContain("crossrole.yaml"); // the scan reads the project (its .gitlab-ci.yml names it)
  for (const secret of secrets) {
    expect(project, `…${secret.slice(-4)} left in the project`).not.toContain(secret);
    expect(run.stdout + run.stderr).not.toContain(secret);
  }
  expect(await readdir(run.tmp)).toEqual([]);
}

/** The Arn the job's `aws sts get-caller-identity` printed. */
function callerArn(run: PipelineRun): string | undefined {
  return /"Arn": "([^"]+)"/.exec(run.jobOutput)?.[1];
}

describe.runIf(node22 !== undefined)("the GitLab CI/CD component in gitlab-ci-local (shell executor)", () => {
  it("export env and ecr-login: the job's aws CLI is the target role, through AWS_* in the job's shell; docker is logged in", async () => {
    const world = await createEcrWorld(emulator);
    try {
      const run = await runPipeline(
        "env",
        {
          ".gitlab-ci.yml": pipeline({ target: "deploy", "ecr-login": true, crossrole: `node ${CLI}` }),
          "crossrole.yaml": SPEC,
        },
        world.env,
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain("PASS  deploy");
      expect(callerArn(run)).toMatch(new RegExp(`^arn:aws:sts::${TARGET}:assumed-role/deploy/`));
      expect(run.jobEnv.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
      expect(run.jobEnv.AWS_SESSION_TOKEN?.length).toBeGreaterThan(0);
      expect(run.jobEnv.AWS_SECRET_ACCESS_KEY).not.toBe(world.env.AWS_SECRET_ACCESS_KEY);
      const config = JSON.parse(await readFile(world.dockerConfig, "utf8")) as {
        auths: Record<string, unknown>;
      };
      expect(Object.keys(config.auths)).toEqual([HOST]);
      // crossrole's session cache (the role's keys) is private to the job, outside the project, and gone after it.
      expect(run.filesDuringScript).toContain(run.jobEnv.AWS_SESSION_TOKEN);
      await expectNothingLeftBehind(run, [
        world.env.AWS_SECRET_ACCESS_KEY as string,
        run.jobEnv.AWS_SECRET_ACCESS_KEY as string,
        run.jobEnv.AWS_SESSION_TOKEN as string,
      ]);
    } finally {
      await world.sandbox.cleanup();
    }
  });

  it("export profile: the job's aws CLI is the target role through AWS_PROFILE; no keys left in the shell", async () => {
    const world = await createEcrWorld(emulator);
    try {
      const run = await runPipeline(
        "profile",
        {
          ".gitlab-ci.yml": pipeline({ target: "deploy", export: "profile", crossrole: `node ${CLI}` }),
          "crossrole.yaml": SPEC,
        },
        world.env,
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(callerArn(run)).toMatch(new RegExp(`^arn:aws:sts::${TARGET}:assumed-role/deploy/`));
      expect(run.jobEnv.AWS_PROFILE).toBe("deploy");
      expect(run.jobEnv.AWS_ACCESS_KEY_ID).toBeUndefined();
      expect(await readFile(world.sandbox.configFile, "utf8")).toContain("[profile deploy]");
      await expectNothingLeftBehind(run, [world.env.AWS_SECRET_ACCESS_KEY as string]);
    } finally {
      await world.sandbox.cleanup();
    }
  });

  // A failing command on the left of `&&` does not stop a `set -e` shell: each crossrole call must stand alone.
  it.each([
    ["env", "deploy", "missing.yaml", `node ${CLI}`],
    ["profile", "deploy", "missing.yaml", `node ${CLI}`],
    // A crossrole whose stdout is not shell (here `echo`: `assume deploy --format sh`): eval fails (exit 127).
    ["env", "deploy", "", "echo"],
  ])(
    "export %s: a failing crossrole (target %s, spec '%s', crossrole '%s') fails the job before its script runs",
    async (mode, target, spec, crossrole) => {
      const world = await createEcrWorld(emulator);
      try {
        const run = await runPipeline(
          `fails-${mode}-${crossrole.length}`,
          { ".gitlab-ci.yml": pipeline({ target, export: mode, spec, crossrole }), "crossrole.yaml": SPEC },
          world.env,
        );
        expect(run.code).not.toBe(0);
        expect(run.stdout).toContain("FAIL  deploy");
        expect(run.jobOutput).toContain(spec === "" ? "assume: command not found" : "no access spec at");
        expect(run.jobOutput).not.toContain("script started");
        expect(callerArn(run)).toBeUndefined();
        expect(run.jobEnv).toEqual({});
        expect(await readdir(run.tmp)).toEqual([]);
      } finally {
        await world.sandbox.cleanup();
      }
    },
  );

  describe("keyless (the job's OIDC token)", () => {
    const SUB = "project_path:acme/app:ref_type:branch:ref:main";
    const AUDIENCE = "https://gitlab.example.com";
    const BUILD_ROLE = `arn:aws:iam::${BUILD}:role/ci-deployer`;
    let gitlab: OidcIssuer;
    let access: AccessWorld | undefined;
    beforeAll(async () => {
      gitlab = await startOidcIssuer(GITLAB_ISSUER);
    });
    afterAll(async () => {
      await gitlab?.close();
    });
    afterEach(async () => {
      await access?.dispose();
      access = undefined;
    });

    /** The spec with build.oidc, applied; the job's environment: no BUILD keys, the token in CROSSROLE_ID_TOKEN. */
    async function keylessWorld(): Promise<{ spec: string; env: Record<string, string>; token: string }> {
      await routeIssuerToEmulator(emulator, gitlab);
      access = await createAccessWorld(emulator);
      const specPath = await access.writeSpec({
        version: 1,
        region: "eu-west-1",
        build: {
          account: BUILD,
          principal: "role/ci-deployer",
          oidc: { provider: GITLAB_ISSUER, audience: AUDIENCE, subjects: [SUB] },
        },
        targets: {
          ourthing: {
            account: TARGET,
            role: "OurThingBuildRole",
            externalId: "crossrole-glci-keyless-4Rt8Yp2Lm6Qz",
          },
        },
      });
      const apply = await access.run(["apply", "--yes", ...ADMIN_FLAGS]);
      expect(apply.code, apply.stderr).toBe(0);
      const token = gitlab.mint({ sub: SUB, aud: AUDIENCE, project_path: "acme/app", ref: "main" });
      return {
        spec: await readFile(specPath, "utf8"),
        env: { ...access.sandbox.env, CROSSROLE_ID_TOKEN: token },
        token,
      };
    }

    it("with build-role-arn: the BUILD hop is the token's web identity session; the job's aws CLI is the target role; the token is on disk only for crossrole, privately", async () => {
      const { spec, env, token } = await keylessWorld();
      const run = await runPipeline(
        "keyless-arn",
        {
          ".gitlab-ci.yml": pipeline({
            target: "ourthing",
            "build-role-arn": BUILD_ROLE,
            audience: AUDIENCE,
            crossrole: `node ${CLI}`,
          }),
          "crossrole.yaml": spec,
        },
        env,
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(callerArn(run)).toMatch(new RegExp(`^arn:aws:sts::${TARGET}:assumed-role/OurThingBuildRole/`));
      // The token file served the BUILD hop only: gone (and no longer named) by the time the script runs.
      expect(run.filesDuringScript).not.toContain(token);
      expect(run.filesDuringScript).toContain(run.jobEnv.AWS_SESSION_TOKEN);
      expect(run.jobEnv.AWS_WEB_IDENTITY_TOKEN_FILE).toBeUndefined();
      expect(run.jobEnv.AWS_ROLE_ARN).toBeUndefined();
      await expectNothingLeftBehind(run, [
        token,
        run.jobEnv.AWS_SECRET_ACCESS_KEY as string,
        run.jobEnv.AWS_SESSION_TOKEN as string,
      ]);
      const sessions = await emulator.sessions();
      expect(sessions.map((s) => s.roleArn)).toEqual([
        BUILD_ROLE,
        `arn:aws:iam::${TARGET}:role/OurThingBuildRole`,
      ]);
    });

    it("without build-role-arn: crossrole reads the token from CROSSROLE_ID_TOKEN itself (the spec's build.oidc); no file", async () => {
      const { spec, env, token } = await keylessWorld();
      const run = await runPipeline(
        "keyless-variable",
        {
          ".gitlab-ci.yml": pipeline({ target: "ourthing", audience: AUDIENCE, crossrole: `node ${CLI}` }),
          "crossrole.yaml": spec,
        },
        env,
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(callerArn(run)).toMatch(new RegExp(`^arn:aws:sts::${TARGET}:assumed-role/OurThingBuildRole/`));
      expect(run.filesDuringScript).not.toContain(token);
      await expectNothingLeftBehind(run, [
        token,
        run.jobEnv.AWS_SECRET_ACCESS_KEY as string,
        run.jobEnv.AWS_SESSION_TOKEN as string,
      ]);
    });
  });
});
