import { appendFile, writeFile } from "node:fs/promises";
import { createServer, request as httpRequest, type Server } from "node:http";
import { join, resolve } from "node:path";
import { IAMClient } from "@aws-sdk/client-iam";
import { inject } from "vitest";
import { allow, BUILD, policy, TARGET } from "../emulator/accounts.js";
import type { EmulatorClient, EmulatorEndpoint } from "../emulator/emulator-client.js";
import { createSandbox, type Sandbox } from "../emulator/sandbox.js";
import { createUserWithKey, type UserWithKey } from "../emulator/world.js";
import { runProcess } from "../support/run-process.js";

/** The built CLI (`npm run build`). */
export const CLI = resolve(import.meta.dirname, "../../dist/crossrole.cjs");

/**
 * dist/cli.js in the run's private copy of the built dist/ (test/integration/dist-snapshot.ts, a global setup of
 * the emulator project, takes it once and removes it at the end of the run).
 */
export async function snapshotCli(): Promise<string> {
  const cli = inject("crossroleDistSnapshot");
  if (cli === null)
    throw new Error("dist/ was not built when the test run started: run `npm run build` first");
  return cli;
}

/** IAM actions that change state (what "0 writes" counts). */
const IAM_WRITE =
  /^(Create|Update|Put|Delete|Attach|Detach|Tag|Untag|Add|Remove|Set|Upload|Change|Reset|Enable|Deactivate)/;

/**
 * A loopback proxy in front of the emulator that counts the IAM actions passing through (form-encoded `Action=`),
 * independently of crossrole's own bookkeeping.
 */
export interface CountingProxy extends EmulatorEndpoint {
  /** Every IAM action seen since the last reset, in order. */
  readonly actions: string[];
  /** The IAM write actions among them. */
  writes(): string[];
  /**
   * Runs `hook` once, when the next `action` has been answered by the emulator and before the answer reaches the
   * client: a fault injected between an AWS call and what crossrole does next.
   */
  afterNext(action: string, hook: () => Promise<void>): void;
  reset(): void;
  close(): Promise<void>;
}

/** Starts a counting proxy to `emulator`. */
export async function startCountingProxy(emulator: EmulatorEndpoint): Promise<CountingProxy> {
  const upstream = new URL(emulator.endpoint);
  const actions: string[] = [];
  const hooks = new Map<string, () => Promise<void>>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const text = body.toString("utf8");
      const action = /(?:^|&)Action=([A-Za-z]+)/.exec(text)?.[1];
      const isIam = /(?:^|&)Version=2010-05-08(?:&|$)/.test(text);
      if (action !== undefined && isIam) actions.push(action);
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (up) => {
          const hook = action === undefined ? undefined : hooks.get(action);
          if (hook !== undefined && action !== undefined) hooks.delete(action);
          void (hook ?? (async () => undefined))().then(() => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          });
        },
      );
      forward.on("error", (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      forward.end(body);
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    actions,
    writes: () => actions.filter((a) => IAM_WRITE.test(a)),
    afterNext: (action, hook) => {
      hooks.set(action, hook);
    },
    reset: () => {
      actions.length = 0;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A `run` prefix: under umask 000, as a careless CI image might set it. */
export const UMASK_000: readonly string[] = ["/bin/sh", "-c", 'umask 000 && exec "$@"', "sh"];

/**
 * A `run` prefix under which file permissions hold even for root: as root, the CLI runs without the capabilities
 * that override them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so a 0500 directory really refuses a new file.
 */
export const WITHOUT_PERMISSION_OVERRIDE: readonly string[] =
  process.getuid?.() === 0 ? ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"] : [];

/** Two accounts with admin users (profiles `target-admin`, `build-admin`) and a sandbox to run the CLI in. */
export interface AccessWorld {
  sandbox: Sandbox;
  proxy: CountingProxy;
  targetAdmin: UserWithKey;
  buildAdmin: UserWithKey;
  /** Writes the spec (as crossrole.yaml, JSON syntax) into the sandbox; returns its path. */
  writeSpec(spec: unknown): Promise<string>;
  /** Adds a `[name]` profile with these keys to the sandbox's credentials file. */
  addProfile(name: string, user: UserWithKey): Promise<void>;
  /** Runs `node dist/crossrole.cjs …` in the sandbox (after `prefix`, a command that execs it: sh -c, setpriv). */
  run(
    args: string[],
    options?: { input?: string; env?: Record<string, string>; prefix?: readonly string[] },
  ): Promise<CliRun>;
  dispose(): Promise<void>;
}

/** Outcome of one CLI run. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** IAM write actions the counting proxy saw during this run. */
  iamWrites: string[];
  ms: number;
}

/** Full IAM access, for the accounts' admin users. */
export const ADMIN_POLICY = policy(allow("*", "*"));

/**
 * Creates (auth enforcement off) an admin user with a key in TARGET and in BUILD, a sandbox whose AWS endpoint is a
 * counting proxy to the emulator, and profiles for both admins; then turns auth enforcement ON, so every later call
 * is judged against the caller's identity policies (and trust policies for AssumeRole, always).
 */
export async function createAccessWorld(
  emulator: EmulatorClient,
  options: { targetAdminPolicy?: ReturnType<typeof policy> } = {},
): Promise<AccessWorld> {
  const targetAdmin = await createUserWithKey(
    emulator,
    TARGET,
    "target-admin",
    options.targetAdminPolicy ?? ADMIN_POLICY,
  );
  const buildAdmin = await createUserWithKey(emulator, BUILD, "build-admin", ADMIN_POLICY);
  const proxy = await startCountingProxy(emulator);
  const sandbox = await createSandbox(proxy);
  const addProfile = async (name: string, user: UserWithKey) => {
    await appendFile(
      sandbox.credentialsFile,
      `[${name}]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n\n`,
    );
  };
  await addProfile("target-admin", targetAdmin);
  await addProfile("build-admin", buildAdmin);
  await emulator.setAuthEnforcement(true);
  return {
    sandbox,
    proxy,
    targetAdmin,
    buildAdmin,
    addProfile,
    async writeSpec(spec) {
      const path = join(sandbox.dir, "crossrole.yaml");
      await writeFile(path, `${JSON.stringify(spec, null, 2)}\n`);
      return path;
    },
    async run(args, runOptions = {}) {
      proxy.reset();
      const cli = await snapshotCli();
      const started = performance.now();
      const result = await runNode([...(runOptions.prefix ?? []), process.execPath, cli, ...args], {
        cwd: sandbox.dir,
        env: { ...sandbox.env, ...runOptions.env },
        input: runOptions.input ?? "",
      });
      return { ...result, iamWrites: proxy.writes(), ms: performance.now() - started };
    },
    async dispose() {
      await emulator.setAuthEnforcement(false);
      await proxy.close();
      await sandbox.cleanup();
    },
  };
}

/** A spec with `n` targets in TARGET (roles crossrole-NN) and the BUILD user `ci`. */
export function specWithTargets(
  n: number,
  extra: Record<string, unknown> = {},
  prefix = "crossrole",
): Record<string, unknown> {
  const targets: Record<string, unknown> = {};
  for (let i = 1; i <= n; i++) {
    const id = String(i).padStart(2, "0");
    targets[n === 1 ? "ourthing" : `t${id}`] = {
      account: TARGET,
      role: n === 1 ? "OurThingBuildRole" : `${prefix}-${id}`,
      externalId: `crossrole-ext-${id}-4f1c9a7e2b`,
      permissions: { ecr: { push: ["ourthing/app"] } },
      ...extra,
    };
  }
  return { version: 1, region: "us-east-1", build: { account: BUILD, principal: "user/ci" }, targets };
}

/** An IAM client signing with `user`'s key (works with auth enforcement on). */
export function iamAs(emulator: EmulatorEndpoint, user: UserWithKey): IAMClient {
  return new IAMClient({
    endpoint: emulator.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey },
    maxAttempts: 1,
  });
}

/** Parses a policy document as IAM returns it (URL-encoded JSON, or raw). */
export function parsePolicy(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  return JSON.parse(text.trimStart().startsWith("{") ? text : decodeURIComponent(text));
}

/** The admin flags every run passes. */
export const ADMIN_FLAGS = ["--target-profile", "target-admin", "--build-profile", "build-admin"];

// --- internal ---

async function runNode(
  command: string[],
  options: { cwd: string; env: Record<string, string>; input: string },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [file = process.execPath, ...args] = command;
  const { code, stdout, stderr } = await runProcess(file, args, options);
  return { code, stdout, stderr };
}
