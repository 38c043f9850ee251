// The credential endpoint (exec --serve, serve) against the emulator, with real clients: the JS SDK v3 (default chain,
// fromHttp, fromContainerMetadata), boto3 and the aws CLI v1 fetch the assumed role's credentials from it.
//
// Short sessions: production code validates DurationSeconds 900..43200 before calling STS, and the refresh margin is
// at least 5 min. The in-process tests below therefore inject two things through the workflows' own options, not
// through any environment variable: a `loadSts` that wraps the real STS adapter and asks the emulator (which
// accepts any DurationSeconds) for N-second sessions, and a shortened RefreshPolicy.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AwsClientConfig } from "../../src/aws/aws-client-config.js";
import { DEFAULT_REFRESH_POLICY, type RefreshPolicy } from "../../src/core/session/refresh-schedule.js";
import { endpointChildEnv } from "../../src/local/process/run-with-endpoint.js";
import type { AssumeTargetOptions, StsAdapterLoader } from "../../src/workflows/assume-target.js";
import { type CredentialEndpoint, serveCredentials } from "../../src/workflows/serve-credentials.js";
import { TARGET } from "../emulator/accounts.js";
import { resolvePython } from "../emulator/python.js";
import { type ProcessResult, resolveAwsCli } from "../emulator/real-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { runProcess as runProcessIn } from "../support/run-process.js";
import {
  type AssumeWorld,
  cliPath,
  createAssumeWorld,
  EXTERNAL_ID,
  expectNoSecrets,
  runCrossrole,
} from "./assume-world.js";

const emulator = useEmulator({ reset: "test" });
const REPO = resolve(import.meta.dirname, "../..");
const node = process.execPath;
const arnOf = (session: string) => `arn:aws:sts::${TARGET}:assumed-role/deploy/${session}`;

let world: AssumeWorld;
let endpoint: CredentialEndpoint | undefined;
beforeEach(async () => {
  world = await createAssumeWorld(emulator);
});
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
  await world.sandbox.cleanup();
});

/** JS SDK v3 client script: GetCallerIdentity through the default chain, fromHttp and fromContainerMetadata. */
const JS_CLIENTS = `
const r = require("node:module").createRequire(${JSON.stringify(join(REPO, "package.json"))});
const { STSClient, GetCallerIdentityCommand } = r("@aws-sdk/client-sts");
const { fromHttp } = r("@aws-sdk/credential-provider-http");
const { fromContainerMetadata } = r("@smithy/credential-provider-imds");
(async () => {
  const out = {};
  for (const [name, credentials] of [["default", undefined], ["fromHttp", fromHttp()], ["fromContainerMetadata", fromContainerMetadata()]]) {
    const client = new STSClient(credentials === undefined ? {} : { credentials });
    out[name] = (await client.send(new GetCallerIdentityCommand({}))).Arn;
  }
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(String(e)); process.exit(1); });
`;

const BOTO3_CLIENT = `
import boto3, json, os
session = boto3.Session()
arn = session.client("sts").get_caller_identity()["Arn"]
print(json.dumps({"boto3": arn, "method": session.get_credentials().method}))
`;

describe("crossrole exec --serve (emulator, enforcement on)", () => {
  it("JS SDK v3 (3 providers), boto3 and the aws CLI in CMD get the role from the endpoint; no key in CMD's env", async () => {
    await writeFile(join(world.sandbox.dir, "js-clients.cjs"), JS_CLIENTS);
    await writeFile(join(world.sandbox.dir, "boto3-client.py"), BOTO3_CLIENT);
    const python = await resolvePython();
    const aws = (await resolveAwsCli()).map((a) => `'${a}'`).join(" ");
    const script = [
      `node -e 'const e = process.env; console.log(JSON.stringify({ keys: ["AWS_ACCESS_KEY_ID","AWS_SECRET_ACCESS_KEY","AWS_SESSION_TOKEN","AWS_PROFILE"].filter((k) => k in e), uri: e.AWS_CONTAINER_CREDENTIALS_FULL_URI, tokenLength: e.AWS_CONTAINER_AUTHORIZATION_TOKEN.length, region: e.AWS_REGION }))'`,
      `'${node}' js-clients.cjs`,
      `'${python}' boto3-client.py`,
      `${aws} sts get-caller-identity --output json`,
      "exit 7",
    ].join(" && ");
    // Competing sources in crossrole's env must not reach CMD. They would also steer crossrole's own source
    // credentials, so those are named explicitly (as in exec.test.ts).
    await writeFile(
      world.sandbox.credentialsFile,
      `[build]\naws_access_key_id = ${world.user.accessKeyId}\naws_secret_access_key = ${world.user.secretAccessKey}\n`,
    );
    const run = await runCrossrole(
      [
        "exec",
        "deploy",
        "--serve",
        "--source-profile",
        "build",
        "--session-name",
        "serve-1",
        "--",
        "sh",
        "-c",
        script,
      ],
      {
        // NODE_NO_WARNINGS: the JS SDK in CMD warns about node 20 on stderr.
        env: { ...world.env, AWS_PROFILE: "ghost", AWS_SESSION_TOKEN: "stale", NODE_NO_WARNINGS: "1" },
        cwd: world.sandbox.dir,
      },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(7);
    const [envLine, jsLine, botoLine, ...cliLines] = run.stdout.trim().split("\n");
    const env = JSON.parse(envLine ?? "{}");
    expect(env.keys).toEqual([]);
    expect(env.uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/credentials$/);
    expect(env.tokenLength).toBe(43);
    expect(env.region).toBe("eu-west-1");
    expect(JSON.parse(jsLine ?? "{}")).toEqual({
      default: arnOf("serve-1"),
      fromHttp: arnOf("serve-1"),
      fromContainerMetadata: arnOf("serve-1"),
    });
    expect(JSON.parse(botoLine ?? "{}")).toEqual({ boto3: arnOf("serve-1"), method: "container-role" });
    expect(JSON.parse(cliLines.join("\n")).Arn).toBe(arnOf("serve-1"));
    // One AssumeRole, by crossrole, with the ExternalId; the clients only fetched.
    const sessions = await emulator.sessions();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.externalId).toBe(EXTERNAL_ID);
    expectNoSecrets(run, [world.user.secretAccessKey]);
  });

  it("AccessDenied at start: exit 3, CMD does not run", async () => {
    const run = await runCrossrole(
      ["exec", "--serve", "--role-arn", `arn:aws:iam::${TARGET}:role/nope`, "--region", "eu-west-1"].concat([
        "--",
        node,
        "-e",
        "console.log('RAN')",
      ]),
      { env: world.env, cwd: world.sandbox.dir },
    );
    expect(run.code).toBe(3);
    expect(run.stdout).not.toContain("RAN");
  });
});

describe("crossrole serve (emulator, enforcement on)", () => {
  it("prints only the exports; 401/403 without the right token; boto3 works with the exports; SIGTERM → exit 0", async () => {
    const server = startServe(["deploy", "--session-name", "serve-2"], world.env, world.sandbox.dir);
    const exports = await server.exports;
    expect(Object.keys(exports)).toEqual([
      "AWS_CONTAINER_CREDENTIALS_FULL_URI",
      "AWS_CONTAINER_AUTHORIZATION_TOKEN",
      "AWS_REGION",
      "AWS_DEFAULT_REGION",
    ]);
    const url = exports.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? "";
    const token = exports.AWS_CONTAINER_AUTHORIZATION_TOKEN ?? "";
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const missing = await fetch(url);
    expect(missing.status).toBe(401);
    const wrong = await fetch(url, { headers: { Authorization: `${token.slice(0, -1)}x` } });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain("SecretAccessKey");
    const ok = await fetch(url, { headers: { Authorization: token } });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(
      ["AccessKeyId", "AccountId", "Expiration", "RoleArn", "SecretAccessKey", "Token"].sort(),
    );
    expect(body.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(body.AccountId).toBe(TARGET);

    // A job on the agent: no keys of its own, only the exported variables.
    const python = await resolvePython();
    const job = await runProcess(python, ["-c", BOTO3_CLIENT], { ...world.sandbox.env, ...exports });
    expect(JSON.parse(job.stdout)).toEqual({ boto3: arnOf("serve-2"), method: "container-role" });

    server.child.kill("SIGTERM");
    const end = await server.done;
    expect(end.code).toBe(0);
    expect(end.stderr).toMatch(
      /serving arn:aws:sts::111111111111:assumed-role\/deploy\/serve-2 at http:\/\/127\.0\.0\.1:/,
    );
    expect(end.stderr).toMatch(/SIGTERM: stopping the endpoint/);
    expect(end.stderr).not.toContain(token);
    expect(end.stdout.split(token)).toHaveLength(2); // the token appears exactly once, in its export line
    expectNoSecrets(end, [world.user.secretAccessKey, body.SecretAccessKey ?? "", body.Token ?? ""]);
    await expect(fetch(url, { headers: { Authorization: token } })).rejects.toThrow();
  });

  it("--bind 0.0.0.0 (non-loopback) works and warns; a bad --bind is exit 2", async () => {
    const server = startServe(["deploy", "--bind", "0.0.0.0"], world.env, world.sandbox.dir);
    const exports = await server.exports;
    const url = exports.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? "";
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/credentials$/);
    server.child.kill("SIGINT");
    const end = await server.done;
    expect(end.code).toBe(0);
    expect(end.stderr).toMatch(/warning: listening on 0\.0\.0\.0, not a loopback address/);
    expect(end.stderr).toMatch(/botocore .* refuse/);

    const bad = await runCrossrole(["serve", "deploy", "--bind", "example.com"], {
      env: world.env,
      cwd: world.sandbox.dir,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--bind takes an IP address/);
  });
});

describe("refresh (in process, N-second sessions injected through the workflow's options)", () => {
  it("JS SDK v3 and boto3 keep working across several expiries; exactly one AssumeRole per refresh", async () => {
    endpoint = await serveCredentials({
      assume: assumeOptions(shortSessions(6)),
      policy: shortPolicy({ minMarginMs: 2_000 }), // refresh every ~4 s
    });
    const env = endpointChildEnv(world.sandbox.env, endpoint.environment());
    const jsLoop = `
const r = require("node:module").createRequire(${JSON.stringify(join(REPO, "package.json"))});
const { STSClient, GetCallerIdentityCommand } = r("@aws-sdk/client-sts");
const client = new STSClient({});
(async () => {
  const seen = [];
  for (let i = 0; i < 14; i++) {
    const arn = (await client.send(new GetCallerIdentityCommand({}))).Arn;
    seen.push({ arn, key: (await client.config.credentials()).accessKeyId });
    await new Promise((r) => setTimeout(r, 1000));
  }
  console.log(JSON.stringify(seen));
})().catch((e) => { console.error(String(e)); process.exit(1); });`;
    const pyLoop = `
import boto3, json, time
session = boto3.Session()
client = session.client("sts")
seen = []
for i in range(14):
    arn = client.get_caller_identity()["Arn"]
    seen.append({"arn": arn, "key": session.get_credentials().get_frozen_credentials().access_key})
    time.sleep(1)
print(json.dumps(seen))`;
    const [js, py] = await Promise.all([
      runProcess(node, ["-e", jsLoop], env),
      runProcess(await resolvePython(), ["-c", pyLoop], env),
    ]);
    expect(js.code, js.stderr).toBe(0);
    expect(py.code, py.stderr).toBe(0);
    for (const result of [js, py]) {
      const seen = JSON.parse(result.stdout) as { arn: string; key: string }[];
      expect(seen).toHaveLength(14);
      expect(new Set(seen.map((s) => s.arn))).toEqual(new Set([arnOf("serve-it")]));
      expect(new Set(seen.map((s) => s.key)).size).toBeGreaterThanOrEqual(3);
    }
    const refreshes = endpoint.refreshes;
    await endpoint.close();
    expect(refreshes).toBeGreaterThanOrEqual(3);
    const sessions = await emulator.sessions();
    expect(sessions).toHaveLength(1 + refreshes);
    for (const s of sessions) {
      expect(s.externalId).toBe(EXTERNAL_ID);
      expect(s.sessionName).toBe("serve-it");
    }
  }, 60_000);

  it("32 concurrent requests at expiry, during a slow refresh: one AssumeRole, all get the new keys", async () => {
    endpoint = await serveCredentials({
      assume: assumeOptions(shortSessions(3, 500)),
      policy: shortPolicy({ minMarginMs: 0, marginFraction: 0 }), // refresh exactly at expiry
    });
    const ask = async () => {
      const response = await fetch(endpoint?.url ?? "", {
        headers: { Authorization: endpoint?.token ?? "" },
      });
      return ((await response.json()) as { AccessKeyId: string }).AccessKeyId;
    };
    const first = await ask();
    const expiresIn = endpoint.firstExpiration.getTime() - Date.now();
    await new Promise((r) => setTimeout(r, expiresIn + 100));
    const keys = await Promise.all(Array.from({ length: 32 }, ask));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).not.toBe(first);
    expect(endpoint.refreshes).toBe(1);
    await endpoint.close();
    expect(await emulator.sessions()).toHaveLength(2);
  });
});

// --- helpers ---

function assumeOptions(loadSts: StsAdapterLoader): AssumeTargetOptions {
  return {
    target: { kind: "spec", file: world.specPath, target: "deploy" },
    env: world.env,
    home: world.sandbox.home,
    user: "u",
    host: "h",
    sessionName: "serve-it",
    endpoint: emulator.endpoint,
    cacheDir: join(world.sandbox.dir, "crossrole-cache"),
    loadSts,
  };
}

function shortPolicy(overrides: Partial<RefreshPolicy>): RefreshPolicy {
  return { ...DEFAULT_REFRESH_POLICY, retryBaseMs: 200, retryMaxMs: 1_000, ...overrides };
}

/**
 * The real STS adapter, signed with the BUILD user's keys (the test process's own env has none), asking for
 * `seconds`-long sessions; `delayMs` slows each AssumeRole down to widen the refresh window.
 */
function shortSessions(seconds: number, delayMs = 0): StsAdapterLoader {
  return async () => {
    const real = await import("../../src/aws/sts-adapter.js");
    return {
      createStsAdapter: (config: AwsClientConfig) => {
        const sts = real.createStsAdapter({
          ...config,
          credentials: { accessKeyId: world.user.accessKeyId, secretAccessKey: world.user.secretAccessKey },
        });
        return {
          ...sts,
          assumeRole: async (request, diagnostics) => {
            if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
            return sts.assumeRole({ ...request, durationSeconds: seconds }, diagnostics);
          },
        };
      },
    };
  };
}

function runProcess(command: string, args: string[], env: Record<string, string>): Promise<ProcessResult> {
  return runProcessIn(command, args, { env, cwd: world.sandbox.dir });
}

/** Starts `crossrole serve ARGS`; `exports` resolves once the export block is printed. */
function startServe(args: string[], env: Record<string, string>, cwd: string) {
  const child: ChildProcessWithoutNullStreams = spawn(node, [cliPath, "serve", ...args], { env, cwd });
  let stdout = "";
  let stderr = "";
  const exports = new Promise<Record<string, string>>((done, fail) => {
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (/^unset .*\n/m.test(stdout)) {
        const out: Record<string, string> = {};
        for (const m of stdout.matchAll(/^export ([A-Z_]+)='([^']*)'$/gm)) out[m[1] ?? ""] = m[2] ?? "";
        done(out);
      }
    });
    child.on("close", () => fail(new Error(`crossrole serve exited early:\n${stderr}`)));
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolveDone) => {
    child.on("close", (code) => resolveDone({ code, stdout, stderr }));
  });
  child.stdin.end();
  return { child, exports, done };
}
