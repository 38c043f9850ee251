// The GitHub Action (action.yml) end to end on the emulator: its committed bundles (action/dist/, what GitHub runs)
// run as the runner runs a step (test/integration/github-runner.ts: INPUT_*, fresh $GITHUB_ENV/$GITHUB_OUTPUT/
// $GITHUB_STATE files, STATE_* for the post step). Each export mode is proven by the aws CLI, as a later `run:`
// step would use it; every secret the step wrote must have been masked; the post step must leave nothing behind.
//
// @github/local-action is not used: it runs an action's untranspiled source with @actions/core replaced by an
// in-memory stub (quibble), which writes no $GITHUB_ENV/$GITHUB_OUTPUT/$GITHUB_STATE file and cannot run a bundle,
// so it could check neither the files nor the code GitHub runs.
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BUILD, TARGET } from "../emulator/accounts.js";
import {
  type GithubTokenEndpoint,
  githubJobClaims,
  startGithubTokenEndpoint,
} from "../emulator/github-token-endpoint.js";
import {
  GITHUB_ISSUER,
  type OidcIssuer,
  routeIssuerToEmulator,
  startOidcIssuer,
} from "../emulator/oidc-issuer.js";
import { runAwsCli } from "../emulator/real-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { ADMIN_FLAGS, createAccessWorld } from "./access-fixture.js";
import { createEcrWorld, type EcrWorld, HOST, passwordFor, REGION } from "./ecr-world.js";
import { GitHubJob, type StepRun } from "./github-runner.js";

const emulator = useEmulator({ reset: "test" });
const DEPLOY = `arn:aws:iam::${TARGET}:role/deploy`;
const NOECR = `arn:aws:iam::${TARGET}:role/noecr`;
const CLI = join(import.meta.dirname, "../../dist/crossrole.cjs");

let world: EcrWorld;
let job: GitHubJob;

/** A job as GitHub starts it: BUILD keys as secrets in env, the spec checked out in the workspace. */
async function startJob(env: Record<string, string>): Promise<GitHubJob> {
  const jobEnv = { ...env };
  delete jobEnv.CROSSROLE_CONFIG;
  delete jobEnv.CROSSROLE_CACHE_DIR;
  const started = await GitHubJob.create(jobEnv);
  await mkdir(join(started.workspace, ".git"));
  await copyFile(world.specPath, join(started.workspace, "crossrole.yaml"));
  return started;
}

/** Every secret the step wrote to a file command was masked (and never printed other than in the mask line). */
function expectMasked(run: StepRun, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(0);
    expect(run.masks, `…${secret.slice(-4)} not masked`).toContain(secret);
    const printed = run.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::"));
    expect(printed.join("\n")).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

/** None of `secrets` is in `text` (a job summary, which the runner does not mask). */
function expectNoSecretIn(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(8);
    expect(text, `…${secret.slice(-4)} in the summary`).not.toContain(secret);
  }
}

/** The session files in a credential cache directory for `roleArn`. */
async function cachedSessions(dir: string, roleArn: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const names = (await readdir(dir)).filter((n) => n.endsWith(".json"));
  const found: string[] = [];
  for (const name of names) {
    const entry = JSON.parse(await readFile(join(dir, name), "utf8")) as {
      roleArn?: string;
      sessionToken?: string;
    };
    if (entry.roleArn === roleArn && typeof entry.sessionToken === "string") found.push(name);
  }
  return found;
}

async function callerArn(env: Record<string, string>, args: string[] = []): Promise<string> {
  const identity = await runAwsCli(["sts", "get-caller-identity", "--output", "json", ...args], { env });
  expect(identity.stderr).toBe("");
  return (JSON.parse(identity.stdout) as { Arn: string }).Arn;
}

beforeEach(async () => {
  world = await createEcrWorld(emulator);
  job = await startJob(world.env);
});

afterAll(async () => {
  await world?.sandbox.cleanup();
});

describe("the GitHub Action (committed bundle) on the emulator", () => {
  it("export env: masked AWS_* in $GITHUB_ENV that the aws CLI uses as the role; outputs; the post step clears the session", async () => {
    const main = await job.main({ target: "deploy" });
    expect(main.code, main.stdout + main.stderr).toBe(0);
    const e = main.exported;
    expect(e.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(e.AWS_REGION).toBe(REGION);
    expect(e.AWS_DEFAULT_REGION).toBe(REGION);
    expect(e.CROSSROLE_CONFIG).toBe(join(job.workspace, "crossrole.yaml"));
    expect(e.CROSSROLE_CACHE_DIR).toBe(join(job.runnerTemp, "crossrole"));
    expectMasked(main, [e.AWS_ACCESS_KEY_ID, e.AWS_SECRET_ACCESS_KEY, e.AWS_SESSION_TOKEN] as string[]);
    // The runner's multi-line form, so no value can inject another variable.
    expect(main.rawEnvFile).toMatch(/^AWS_SECRET_ACCESS_KEY<<ghadelimiter_[0-9a-f-]{36}$/m);
    expect(main.outputs["role-arn"]).toBe(DEPLOY);
    expect(main.outputs["session-arn"]).toMatch(new RegExp(`^arn:aws:sts::${TARGET}:assumed-role/deploy/`));
    expect(Date.parse(main.outputs.expiration as string)).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(main.outputs["aws-secret-access-key"]).toBeUndefined();
    expect(main.stdout).toContain(`crossrole: assumed ${DEPLOY} as `);
    // The job summary: the role, its session and expiration, the ExternalId masked; no secret.
    expect(main.summary).toContain("### crossrole");
    expect(main.summary).toContain(
      `| \`deploy\` | \`${DEPLOY}\` | \`${main.outputs["session-arn"]}\` | \`${main.outputs.expiration}\` | \`…5Hj0\` |`,
    );
    expect(main.summary).toContain("(`export: env`)");
    expectNoSecretIn(main.summary, [
      "crossrole-ecr-it-Zk3Lm8Qp2Rt6Vw9Xy4Bn7Cd1Fg5Hj0",
      world.env.AWS_SECRET_ACCESS_KEY as string,
      ...([e.AWS_ACCESS_KEY_ID, e.AWS_SECRET_ACCESS_KEY, e.AWS_SESSION_TOKEN] as string[]),
    ]);

    // A later `run:` step: the aws CLI with the job's environment (BUILD keys replaced by the role's).
    expect(await callerArn(job.env)).toBe(main.outputs["session-arn"]);
    // A later `crossrole` step of the job finds the spec and the job's cache (whoami lists the cached session).
    const whoami = await runCli(["whoami", "--json"]);
    expect(whoami.code, whoami.stderr).toBe(0);
    const status = JSON.parse(whoami.stdout) as { sessions: { roleArn: string }[]; spec: { file: string } };
    expect(status.sessions.map((s) => s.roleArn)).toEqual([DEPLOY]);
    expect(status.spec.file).toBe(join(job.workspace, "crossrole.yaml"));

    const cache = join(job.runnerTemp, "crossrole");
    expect(await cachedSessions(cache, DEPLOY)).toHaveLength(1);
    const post = await job.post();
    expect(post.code, post.stdout + post.stderr).toBe(0);
    expect(post.stdout).toContain("crossrole: removed 1 cached sessions and 0 ECR tokens");
    expect(await cachedSessions(cache, DEPLOY)).toEqual([]);
  });

  it("export profile over two targets and ecr-login: profiles the aws CLI uses, docker entries; post removes exactly those", async () => {
    const foreign = {
      auths: { "registry.example.com": { auth: Buffer.from("me:theirs").toString("base64") } },
    };
    await writeFile(world.dockerConfig, JSON.stringify(foreign));
    await writeFile(world.sandbox.configFile, "[profile mine]\nregion = us-east-2\n");
    const main = await job.main({ target: "deploy\nnoecr", export: "profile" });
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(main.exported.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(main.outputs["role-arn"]).toBe(`${DEPLOY},${NOECR}`);
    const env = job.env;
    expect(await callerArn(env, ["--profile", "deploy"])).toMatch(/:assumed-role\/deploy\//);
    expect(await callerArn(env, ["--profile", "noecr"])).toMatch(/:assumed-role\/noecr\//);
    const credentials = await readFile(world.sandbox.credentialsFile, "utf8");
    const secrets = [...credentials.matchAll(/aws_(?:secret_access_key|session_token) = (\S+)/g)].map(
      (m) => m[1],
    );
    expect(secrets).toHaveLength(4);
    expectMasked(main, secrets as string[]);

    const login = await job.main({ target: "deploy", export: "none", "ecr-login": "true" });
    expect(login.code, login.stdout + login.stderr).toBe(0);
    expect(login.outputs.registries).toBe(HOST);
    expectMasked(login, [passwordFor(TARGET)]);
    expect(login.summary).toContain(`Docker logged in to \`${HOST}\`.`);
    expectNoSecretIn(login.summary, [passwordFor(TARGET)]);
    expect(main.summary).toContain(`| \`noecr\` | \`${NOECR}\` |`);
    const config = JSON.parse(await readFile(world.dockerConfig, "utf8")) as {
      auths: Record<string, unknown>;
    };
    expect(Object.keys(config.auths).sort()).toEqual([HOST, "registry.example.com"].sort());

    // The post steps run in reverse order of the main steps.
    const postLogin = await job.post();
    expect(postLogin.code, postLogin.stdout).toBe(0);
    expect(JSON.parse(await readFile(world.dockerConfig, "utf8"))).toEqual(foreign);
    const postProfiles = await job.post(main);
    expect(postProfiles.code, postProfiles.stdout).toBe(0);
    expect(postProfiles.stdout).toContain("crossrole: removed profiles deploy, noecr");
    expect(await readFile(world.sandbox.configFile, "utf8")).toBe("[profile mine]\nregion = us-east-2\n");
    const left = existsSync(world.sandbox.credentialsFile)
      ? await readFile(world.sandbox.credentialsFile, "utf8")
      : "";
    expect(left.trim()).toBe("");
  });

  it("export serve: a credential endpoint the aws CLI uses after the step ended; the post step stops it", async () => {
    const main = await job.main({ target: "deploy", export: "serve" });
    expect(main.code, main.stdout + main.stderr).toBe(0);
    const e = main.exported;
    expect(e.AWS_CONTAINER_CREDENTIALS_FULL_URI).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(e.AWS_ACCESS_KEY_ID).toBeUndefined();
    expectMasked(main, [e.AWS_CONTAINER_AUTHORIZATION_TOKEN as string]);
    expect(main.summary).toContain(`| \`deploy\` | \`${DEPLOY}\` | \`${main.outputs["session-arn"]}\``);
    expect(main.summary).toContain("| `…5Hj0` |");
    expectNoSecretIn(main.summary, [e.AWS_CONTAINER_AUTHORIZATION_TOKEN as string]);
    const pid = Number(main.state["crossrole-serve-pid"]);
    expect(alive(pid)).toBe(true);
    const env = job.env;
    for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) delete env[name];
    expect(await callerArn(env)).toMatch(/:assumed-role\/deploy\//);
    const post = await job.post();
    expect(post.stdout).toContain(`crossrole: stopped the credential endpoint (pid ${pid})`);
    await waitUntil(() => !alive(pid));
  });

  it("a refused AssumeRole fails the step with the CLI's message, and exports nothing", async () => {
    const main = await job.main({
      "role-arn": DEPLOY,
      "external-id": "wrong-external-id-0000",
      region: REGION,
    });
    expect(main.code).toBe(1);
    expect(main.exported.AWS_ACCESS_KEY_ID).toBeUndefined();
    const cli = await runCli(["assume", "--role-arn", DEPLOY, "--external-id", "wrong-external-id-0000"]);
    expect(cli.code).toBe(3);
    expect(main.errors).toEqual([cli.stderr.trim()]);
    expect(main.errors[0]).toContain("ExternalId");
  });

  it("allowed-account-ids: a role in another account fails the step before anything is exported; mask-aws-account-id masks it", async () => {
    const main = await job.main({
      target: "deploy",
      "allowed-account-ids": BUILD,
      "mask-aws-account-id": "true",
    });
    expect(main.code).toBe(1);
    expect(main.masks).toContain(TARGET);
    expect(main.errors[0]).toContain(
      `the role is in account ${TARGET}, which allowed-account-ids does not list`,
    );
    expect(main.exported.AWS_ACCESS_KEY_ID).toBeUndefined();
    const allowed = await job.main({
      target: "deploy",
      "allowed-account-ids": `${BUILD},${TARGET}`,
      "mask-aws-account-id": "true",
    });
    expect(allowed.code, allowed.stdout).toBe(0);
    // The summary hides the account as the log does.
    expect(allowed.summary).toContain("| `deploy` | `arn:aws:iam::***:role/deploy` |");
    expect(allowed.summary).not.toContain(TARGET);
  });

  it("output-credentials: the keys as masked step outputs; invalid inputs are refused by name", async () => {
    const main = await job.main({ target: "deploy", export: "none", "output-credentials": "true" });
    expect(main.code, main.stdout).toBe(0);
    const o = main.outputs;
    expect(o["aws-access-key-id"]).toMatch(/^ASIA/);
    expectMasked(main, [
      o["aws-access-key-id"],
      o["aws-secret-access-key"],
      o["aws-session-token"],
    ] as string[]);
    expect(main.exported.AWS_ACCESS_KEY_ID).toBeUndefined();
    const bad = await job.main({ target: "deploy", export: "file" });
    expect(bad.errors).toEqual([
      'crossrole: input export must be one of env, profile, serve, none, not "file".',
    ]);
    const two = await job.main({ target: "deploy,noecr" });
    expect(two.errors[0]).toContain("export: env hands on one role's credentials, but 2 targets are given.");
  });

  async function runCli(args: string[]) {
    const { runProcess } = await import("../support/run-process.js");
    return runProcess(process.execPath, [CLI, ...args], {
      env: { ...job.env, AWS_REGION: REGION },
      cwd: job.workspace,
      ignoreStdin: true,
    });
  }
});

describe("the GitHub Action, keyless", () => {
  let github: OidcIssuer;
  beforeAll(async () => {
    github = await startOidcIssuer(GITHUB_ISSUER);
  });
  afterAll(async () => {
    await github?.close();
  });

  it("with only the job's web identity token (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN) it assumes the target", async () => {
    await emulator.setAuthEnforcement(false);
    await routeIssuerToEmulator(emulator, github);
    const access = await createAccessWorld(emulator);
    try {
      const sub = "repo:acme/app:ref:refs/heads/main";
      await access.writeSpec({
        version: 1,
        region: "eu-west-1",
        build: {
          account: BUILD,
          principal: "role/ci-deployer",
          oidc: { provider: "github", subjects: [sub] },
        },
        targets: {
          ourthing: {
            account: TARGET,
            role: "OurThingBuildRole",
            externalId: "crossrole-keyless-7Qv2mK9pL4sT8wZ1nB6",
          },
        },
      });
      expect((await access.run(["apply", "--yes", ...ADMIN_FLAGS])).code).toBe(0);
      const token = join(access.sandbox.dir, "token");
      await writeFile(token, github.mint({ sub }));
      const keyless = await GitHubJob.create({
        ...access.sandbox.env,
        AWS_WEB_IDENTITY_TOKEN_FILE: token,
        AWS_ROLE_ARN: `arn:aws:iam::${BUILD}:role/ci-deployer`,
      });
      await mkdir(join(keyless.workspace, ".git"));
      await copyFile(join(access.sandbox.dir, "crossrole.yaml"), join(keyless.workspace, "crossrole.yaml"));
      const main = await keyless.main({ target: "ourthing" });
      expect(main.code, main.stdout + main.stderr).toBe(0);
      const env = keyless.env;
      delete env.AWS_WEB_IDENTITY_TOKEN_FILE;
      delete env.AWS_ROLE_ARN;
      expect(await callerArn(env)).toMatch(
        new RegExp(`^arn:aws:sts::${TARGET}:assumed-role/OurThingBuildRole/`),
      );

      await writeFile(token, github.mint({ sub: "repo:evil/app:ref:refs/heads/main" }));
      const evil = await GitHubJob.create({ ...keyless.env, AWS_WEB_IDENTITY_TOKEN_FILE: token });
      await mkdir(join(evil.workspace, ".git"));
      await copyFile(join(access.sandbox.dir, "crossrole.yaml"), join(evil.workspace, "crossrole.yaml"));
      const refused = await evil.main({ target: "ourthing", "unset-current-credentials": "true" });
      expect(refused.code).toBe(1);
      expect(refused.errors[0]).toContain("the web identity token (AWS_WEB_IDENTITY_TOKEN_FILE) was refused");
    } finally {
      await access.dispose();
    }
  });
});

describe("the GitHub Action, keyless through the job's token endpoint", () => {
  let github: OidcIssuer;
  let endpoint: GithubTokenEndpoint | undefined;
  beforeAll(async () => {
    github = await startOidcIssuer(GITHUB_ISSUER);
  });
  afterAll(async () => {
    await endpoint?.close();
    await github?.close();
  });

  it("with `permissions: id-token: write` and no keys: the step requests the job's OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN) for the BUILD hop; a later step is the target role; the token is written nowhere", async () => {
    await emulator.setAuthEnforcement(false);
    await routeIssuerToEmulator(emulator, github);
    const access = await createAccessWorld(emulator);
    try {
      await access.writeSpec({
        version: 1,
        region: "eu-west-1",
        build: {
          account: BUILD,
          principal: "role/ci-deployer",
          oidc: { provider: "github", subjects: ["repo:acme/app:ref:refs/heads/main"] },
        },
        targets: {
          ourthing: {
            account: TARGET,
            role: "OurThingBuildRole",
            externalId: "crossrole-keyless-3Hb8Qz6Lw1Rt5Yp9",
          },
        },
      });
      expect((await access.run(["apply", "--yes", ...ADMIN_FLAGS])).code).toBe(0);
      // The claims of the job GitHubJob starts (acme/app, refs/heads/main, run 4242).
      endpoint = await startGithubTokenEndpoint(
        github,
        githubJobClaims("acme/app", "refs/heads/main", "4242"),
      );
      const keyless = await GitHubJob.create({ ...access.sandbox.env, ...endpoint.env });
      await mkdir(join(keyless.workspace, ".git"));
      await copyFile(join(access.sandbox.dir, "crossrole.yaml"), join(keyless.workspace, "crossrole.yaml"));
      const main = await keyless.main({ target: "ourthing" });
      expect(main.code, main.stdout + main.stderr).toBe(0);
      expect(endpoint.requests).toEqual([{ audience: "sts.amazonaws.com", authorized: true, status: 200 }]);
      const role = `arn:aws:iam::${TARGET}:role/OurThingBuildRole`;
      expect((await emulator.sessions()).map((s) => [s.roleArn, s.sessionName])).toEqual([
        [`arn:aws:iam::${BUILD}:role/ci-deployer`, "acme.app@main-r4242"],
        [role, expect.any(String)],
      ]);
      expect(await callerArn(keyless.env)).toBe(main.outputs["session-arn"]);
      expect(main.outputs["role-arn"]).toBe(role);
      expect(main.summary).toContain("| `…5Yp9` |");

      // The job's token and the request token: in no file the step wrote, nor in its output.
      const [token] = endpoint.minted;
      const files = await allFiles(join(keyless.workspace, "../.."));
      for (const secret of [token as string, endpoint.requestToken]) {
        expect(files).not.toContain(secret);
        expect(main.stdout + main.stderr + main.summary).not.toContain(secret);
      }
      const post = await keyless.post();
      expect(post.code, post.stdout).toBe(0);
    } finally {
      await access.dispose();
    }
  });
});

/** Every file under `dir`, as text. */
async function allFiles(dir: string): Promise<string> {
  const texts: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) texts.push(await readFile(join(entry.parentPath, entry.name), "latin1"));
  }
  return texts.join("\n");
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((done) => setTimeout(done, 50));
  expect(check()).toBe(true);
}
