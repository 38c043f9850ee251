// Keyless builds at build time (#17): the BUILD hop from a CI token crossrole gets itself. A fake GitHub Actions job
// (a loopback token endpoint that checks the job's bearer token and mints for the requested audience through the
// local issuer) and a GitLab-style job (the token in an `id_tokens` variable) run `eval "$(crossrole assume
// ourthing)"` and then the aws CLI in the target account; the emulator judges every token as AWS does. The token
// never reaches stdout, stderr, a child's argv or environment, or the cache directory.
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AwsClientConfig } from "../../src/aws/aws-client-config.js";
import { DEFAULT_REFRESH_POLICY } from "../../src/core/session/refresh-schedule.js";
import type { StsAdapterLoader } from "../../src/workflows/assume-target.js";
import { serveCredentials } from "../../src/workflows/serve-credentials.js";
import { BUILD, TARGET } from "../emulator/accounts.js";
import {
  type GithubTokenEndpoint,
  githubJobClaims,
  startGithubTokenEndpoint,
} from "../emulator/github-token-endpoint.js";
import {
  GITHUB_ISSUER,
  GITLAB_ISSUER,
  type OidcIssuer,
  routeIssuerToEmulator,
  startOidcIssuer,
} from "../emulator/oidc-issuer.js";
import { resolveAwsCli, runAwsCli, runBoto3 } from "../emulator/real-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { type AccessWorld, ADMIN_FLAGS, createAccessWorld } from "./access-fixture.js";

const emulator = useEmulator({ reset: "test" });
const BUILD_ROLE = `arn:aws:iam::${BUILD}:role/ci-deployer`;
const TARGET_ROLE = `arn:aws:iam::${TARGET}:role/OurThingBuildRole`;
const EXTERNAL_ID = "crossrole-keyless-7Qv2mK9pL4sT8wZ1nB6cD3f";
const MAIN = "refs/heads/main";
const target = { ourthing: { account: TARGET, role: "OurThingBuildRole", externalId: EXTERNAL_ID } };
const GITHUB_SPEC = {
  version: 1,
  region: "eu-west-1",
  build: {
    account: BUILD,
    principal: "role/ci-deployer",
    oidc: { provider: "github", subjects: ["repo:acme/app:ref:refs/heads/main"] },
  },
  targets: target,
};
const GITLAB_SUB = "project_path:acme/app:ref_type:branch:ref:main";
const GITLAB_AUDIENCE = "https://gitlab.example.com";
const gitlabSpec = (tokenVariable?: string) => ({
  version: 1,
  region: "eu-west-1",
  build: {
    account: BUILD,
    principal: "role/ci-deployer",
    oidc: {
      provider: GITLAB_ISSUER,
      audience: GITLAB_AUDIENCE,
      subjects: [GITLAB_SUB],
      ...(tokenVariable === undefined ? {} : { tokenVariable }),
    },
  },
  targets: target,
});

let github: OidcIssuer;
let gitlab: OidcIssuer;
let endpoint: GithubTokenEndpoint | undefined;
let world: AccessWorld | undefined;
beforeAll(async () => {
  [github, gitlab] = await Promise.all([startOidcIssuer(GITHUB_ISSUER), startOidcIssuer(GITLAB_ISSUER)]);
});
afterAll(async () => {
  await Promise.all([github?.close(), gitlab?.close()]);
});
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
  await world?.dispose();
  world = undefined;
});

async function applied(spec: unknown, issuer: OidcIssuer): Promise<AccessWorld> {
  await routeIssuerToEmulator(emulator, issuer);
  const w = await createAccessWorld(emulator);
  await w.writeSpec(spec);
  const apply = await w.run(["apply", "--yes", ...ADMIN_FLAGS]);
  expect(apply.stderr).toBe("crossrole: using spec crossrole.yaml\n");
  expect(apply.code).toBe(0);
  return w;
}

/** `sh -c 'eval "$(crossrole …)" && aws sts get-caller-identity'`: the shell a CI step is. */
async function evalThenAwsCli(): Promise<readonly string[]> {
  const aws = (await resolveAwsCli()).map((a) => `'${a}'`).join(" ");
  return ["/bin/sh", "-c", `eval "$("$@")" && ${aws} sts get-caller-identity --output json`, "sh"];
}

/** Every file under `dir`, as text. */
async function allFiles(dir: string): Promise<string> {
  const texts: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile()) texts.push(await readFile(path, "latin1"));
  }
  return texts.join("\n");
}

function githubJob(e: GithubTokenEndpoint): Record<string, string> {
  return { ...e.env, GITHUB_ACTIONS: "true", GITHUB_REPOSITORY: "acme/app", GITHUB_RUN_ID: "4242" };
}

describe("keyless builds from a CI token source", () => {
  it('GitHub Actions: eval "$(crossrole assume ourthing)" then the aws CLI in the target; the BUILD session is named after the workflow; the cache keys on the token\'s subject', async () => {
    world = await applied(GITHUB_SPEC, github);
    endpoint = await startGithubTokenEndpoint(github, githubJobClaims("acme/app", MAIN, "4242"));
    const job = githubJob(endpoint);

    const run = await world.run(["assume", "ourthing"], { env: job, prefix: await evalThenAwsCli() });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).Arn).toMatch(
      new RegExp(`^arn:aws:sts::${TARGET}:assumed-role/OurThingBuildRole/`),
    );
    // One token request, for the spec's audience, with the job's bearer token.
    expect(endpoint.requests).toEqual([{ audience: "sts.amazonaws.com", authorized: true, status: 200 }]);
    const sessions = await emulator.sessions();
    expect(sessions.map((s) => [s.roleArn, s.externalId, s.sessionName])).toEqual([
      [BUILD_ROLE, null, "acme.app@main-r4242"],
      [TARGET_ROLE, EXTERNAL_ID, expect.any(String)],
    ]);

    // The same job again: a cache hit (no new session), still one token request per run.
    const again = await world.run(["assume", "ourthing", "--format", "dotenv"], { env: job });
    expect(again.code).toBe(0);
    expect((await emulator.sessions()).length).toBe(2);

    // Another repository's job on the same runner (same cache directory, same request URL and token): its token's
    // subject differs, so it is never served the cached session; the BUILD role refuses it (exit 3, nothing to eval).
    endpoint.claims = githubJobClaims("evil/app", MAIN, "4243");
    const evil = await world.run(["assume", "ourthing"], { env: job });
    expect(evil.stdout).toBe("");
    expect(evil.code).toBe(3);
    expect(evil.stderr).toContain(
      `the web identity token (from GitHub Actions' token endpoint) was refused for ${BUILD_ROLE}`,
    );
    expect(evil.stderr).toContain("build.oidc.subjects");
    expect(evil.stderr).not.toMatch(/\n\s+at /);

    // The tokens were never written anywhere, nor printed.
    expect(endpoint.minted.length).toBeGreaterThanOrEqual(3);
    const files = await allFiles(world.sandbox.dir);
    for (const token of [...endpoint.minted, endpoint.requestToken]) {
      expect(files).not.toContain(token);
      for (const out of [run, again, evil]) expect(out.stdout + out.stderr).not.toContain(token);
    }
  });

  it("GitHub Actions: exec hands the child the target's credentials, not the token (argv and environment); a longer --duration is capped at 1 h with a note", async () => {
    const longer = { ourthing: { ...target.ourthing, maxSessionDuration: 7200 } };
    world = await applied({ ...GITHUB_SPEC, targets: longer }, github);
    endpoint = await startGithubTokenEndpoint(github, githubJobClaims("acme/app", MAIN, "77"));
    const job = githubJob(endpoint);
    const child = "cat /proc/$$/cmdline; echo; cat /proc/$$/environ";
    const run = await world.run(["exec", "ourthing", "--duration", "2h", "--", "/bin/sh", "-c", child], {
      env: job,
    });
    expect(run.stderr).toContain(
      "role chaining caps the target session at 1 h, so the duration was lowered from 7200 to 3600 s",
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("AWS_ACCESS_KEY_ID=ASIA");
    expect(endpoint.minted).toHaveLength(1);
    expect(run.stdout).not.toContain(endpoint.minted[0]);
  });

  it("GitHub Actions: a job without `permissions: id-token: write` is told so (exit 5); a bad request token is refused (exit 3)", async () => {
    world = await applied(GITHUB_SPEC, github);
    const noPermission = await world.run(["assume", "ourthing"], { env: { GITHUB_ACTIONS: "true" } });
    expect(noPermission.code).toBe(5);
    expect(noPermission.stdout).toBe("");
    expect(noPermission.stderr).toContain("permissions: id-token: write");

    endpoint = await startGithubTokenEndpoint(github, githubJobClaims("acme/app", MAIN, "1"));
    const stolen = await world.run(["assume", "ourthing"], {
      env: { ...githubJob(endpoint), ACTIONS_ID_TOKEN_REQUEST_TOKEN: "another-jobs-token" },
    });
    expect(stolen.code).toBe(3);
    expect(stolen.stdout).toBe("");
    expect(stolen.stderr).toContain("refused the request (HTTP 401)");
    expect(stolen.stderr).not.toContain("another-jobs-token");
  });

  it("GitLab CI: the token in the spec's id_tokens variable (or --id-token-variable); eval then the aws CLI; wrong aud and sub refused (exit 3, no stdout)", async () => {
    world = await applied(gitlabSpec("AWS_OIDC"), gitlab);
    const claims = {
      sub: GITLAB_SUB,
      aud: GITLAB_AUDIENCE,
      project_path: "acme/app",
      ref: "main",
      pipeline_id: "9001",
    };
    const token = gitlab.mint(claims);
    const job = { GITLAB_CI: "true", CI_PROJECT_PATH: "acme/app", CI_JOB_ID: "31337", AWS_OIDC: token };
    const run = await world.run(["assume", "ourthing"], { env: job, prefix: await evalThenAwsCli() });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).Arn).toMatch(
      new RegExp(`^arn:aws:sts::${TARGET}:assumed-role/OurThingBuildRole/`),
    );
    expect((await emulator.sessions()).map((s) => [s.roleArn, s.sessionName])).toEqual([
      [BUILD_ROLE, "acme.app@main-r9001"],
      [TARGET_ROLE, "acme-app-31337"],
    ]);
    expect(await allFiles(world.sandbox.dir)).not.toContain(token);

    // The flag names another variable.
    const other = gitlab.mint({ ...claims, pipeline_id: "9002" });
    const flagged = await world.run(
      ["assume", "ourthing", "--id-token-variable", "MY_TOKEN", "--no-cache", "--format", "dotenv"],
      { env: { GITLAB_CI: "true", MY_TOKEN: other } },
    );
    expect(flagged.stderr).toBe("");
    expect(flagged.code).toBe(0);

    for (const [why, bad] of [
      ["aud", gitlab.mint({ ...claims, aud: "https://gitlab.com" })],
      ["sub", gitlab.mint({ ...claims, sub: "project_path:evil/app:ref_type:branch:ref:main" })],
    ] as const) {
      const refused = await world.run(["assume", "ourthing"], { env: { ...job, AWS_OIDC: bad } });
      expect({ why, code: refused.code, stdout: refused.stdout }).toEqual({ why, code: 3, stdout: "" });
      expect(refused.stderr).toContain(
        `the web identity token (from $AWS_OIDC) was refused for ${BUILD_ROLE}`,
      );
      expect(refused.stderr).not.toContain(bad);
    }
    // A GitLab job that declared no token is told how.
    const missing = await world.run(["assume", "ourthing"], { env: { GITLAB_CI: "true" } });
    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain("id_tokens: { AWS_OIDC: { aud: https://gitlab.example.com } }");
  });

  it("serve refreshes both hops: each refresh fetches a new GitHub token and makes a new BUILD session (6-second target sessions injected)", async () => {
    world = await applied(GITHUB_SPEC, github);
    endpoint = await startGithubTokenEndpoint(github, githubJobClaims("acme/app", MAIN, "55"));
    const shortTargetSessions: StsAdapterLoader = async () => {
      const real = await import("../../src/aws/sts-adapter.js");
      return {
        createStsAdapter: (config: AwsClientConfig) => {
          const sts = real.createStsAdapter(config);
          return { ...sts, assumeRole: (r, d) => sts.assumeRole({ ...r, durationSeconds: 6 }, d) };
        },
      };
    };
    const served = await serveCredentials({
      assume: {
        target: { kind: "spec", file: join(world.sandbox.dir, "crossrole.yaml"), target: "ourthing" },
        env: { ...world.sandbox.env, ...githubJob(endpoint) },
        home: world.sandbox.home,
        user: "u",
        host: "h",
        endpoint: world.sandbox.env.AWS_ENDPOINT_URL,
        loadSts: shortTargetSessions,
      },
      policy: { ...DEFAULT_REFRESH_POLICY, retryBaseMs: 200, retryMaxMs: 1_000, minMarginMs: 2_000 },
    });
    try {
      const deadline = Date.now() + 30_000;
      while (served.refreshes < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    } finally {
      await served.close();
    }
    const refreshes = served.refreshes;
    expect(refreshes).toBeGreaterThanOrEqual(2);
    const sessions = await emulator.sessions();
    const build = sessions.filter((s) => s.roleArn === BUILD_ROLE);
    const targets = sessions.filter((s) => s.roleArn === TARGET_ROLE);
    expect(targets).toHaveLength(1 + refreshes);
    expect(build).toHaveLength(1 + refreshes);
    expect(new Set(build.map((s) => s.sessionName))).toEqual(new Set(["acme.app@main-r55"]));
    expect(endpoint.requests.filter((r) => r.status === 200)).toHaveLength(1 + refreshes);
    expect(new Set(endpoint.minted).size).toBe(endpoint.minted.length);
  }, 60_000);

  it("profile from a GitHub Actions job: [profile NAME-source] with web_identity_token_file + role_arn, [profile NAME] with source_profile + external_id; the aws CLI and boto3 resolve it unchanged", async () => {
    world = await applied(GITHUB_SPEC, github);
    endpoint = await startGithubTokenEndpoint(github, githubJobClaims("acme/app", MAIN, "88"));
    const wrote = await world.run(["profile", "ourthing"], { env: githubJob(endpoint) });
    expect(wrote.stderr).toBe("crossrole: using spec crossrole.yaml\n");
    expect(wrote.code).toBe(0);
    const tokenFile = join(world.sandbox.home, ".aws", "crossrole-web-identity", "ourthing.jwt");
    expect(wrote.stdout).toContain(`wrote the CI's OIDC token to ${tokenFile} (0600; expires `);
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    expect((await stat(join(world.sandbox.home, ".aws", "crossrole-web-identity"))).mode & 0o777).toBe(0o700);
    const [token] = endpoint.minted;
    expect(await readFile(tokenFile, "utf8")).toBe(token);
    const config = await readFile(world.sandbox.configFile, "utf8");
    expect(config).toContain(`[profile ourthing-source]`);
    expect(config).toContain(`web_identity_token_file = ${tokenFile}`);
    expect(config).toContain(`role_arn = ${BUILD_ROLE}`);
    expect(config).toContain("source_profile = ourthing-source");
    expect(config).toContain(`external_id = ${EXTERNAL_ID}`);
    expect(config).not.toContain(token);
    expect(wrote.stdout).not.toContain(token);

    // Independent readers, in an environment with nothing but the profile.
    const cli = await runAwsCli(["sts", "get-caller-identity", "--profile", "ourthing", "--output", "json"], {
      env: world.sandbox.env,
    });
    expect(cli.stderr).toBe("");
    expect(JSON.parse(cli.stdout).Arn).toMatch(
      new RegExp(`^arn:aws:sts::${TARGET}:assumed-role/OurThingBuildRole/`),
    );
    const boto = await runBoto3(
      'import boto3; print(boto3.Session(profile_name="ourthing").client("sts").get_caller_identity()["Arn"])',
      { env: world.sandbox.env },
    );
    expect(boto.stderr).toBe("");
    expect(boto.stdout).toMatch(new RegExp(`^arn:aws:sts::${TARGET}:assumed-role/OurThingBuildRole/`));
    const build = (await emulator.sessions()).filter((s) => s.roleArn === BUILD_ROLE);
    expect(build.map((s) => s.sessionName)).toEqual(["acme.app@main-r88", "acme.app@main-r88"]);

    // --remove takes the profile, its web identity source section and the token file.
    const removed = await world.run(["profile", "ourthing", "--remove"]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain("[profile ourthing-source]");
    expect(removed.stdout).toContain(tokenFile);
    // (crossrole deletes a config file it left empty)
    expect(await readFile(world.sandbox.configFile, "utf8").catch(() => "")).not.toContain("ourthing");
    await expect(stat(tokenFile)).rejects.toThrow(/ENOENT/);
  });
});
