import { type ChildProcessByStdio, spawn } from "node:child_process";
import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { connectEmulator, type EmulatorClient } from "./emulator-client.js";
import { resolvePython } from "./python.js";

/** The Python launcher that patches moto 5.2.1 and serves it on loopback. */
export const LAUNCHER = fileURLToPath(new URL("./moto_server.py", import.meta.url));

/** Options of {@link startEmulator}. */
export interface StartEmulatorOptions {
  /** Python interpreter to use (default: {@link resolvePython}). */
  python?: string;
  /** How long to wait for the server to answer (default 20 s). */
  startTimeoutMs?: number;
  /** false serves plain moto 5.2.1 without the crossrole patches, to compare behaviours (default true). */
  patched?: boolean;
  /**
   * Also judge what IAM checks when a policy is stored (`moto_policy_storage_patch.py`: trusts naming missing
   * principals, the inline policy quota; default false).
   */
  validateStoredPolicies?: boolean;
  /** How long `stop()` waits after SIGTERM before SIGKILL (default 2 s). */
  stopTimeoutMs?: number;
}

/** A running emulator, owned by this process. */
export interface Emulator extends EmulatorClient {
  /** Milliseconds from `startEmulator()` to the first 200 from /moto-api/data.json. */
  readonly startupMs: number;
  /** Stop the server: SIGTERM, then SIGKILL after `stopTimeoutMs`. Resolves once the process is gone. */
  stop(): Promise<void>;
  /** The server's stderr so far (last 64 KiB), for diagnostics. */
  stderr(): string;
}

const STDERR_LIMIT = 64 * 1024;

type ServerProcess = ChildProcessByStdio<Writable, Readable, Readable>;

/** Environment for the server: never MOTO_ACCOUNT_ID (it forces one account for everything). */
function serverEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ["MOTO_ACCOUNT_ID", "MOTO_PORT", "INITIAL_NO_AUTH_ACTION_COUNT", "TEST_SERVER_MODE"]) {
    delete env[name];
  }
  return env;
}

function readReadyLine(child: ServerProcess, stderr: () => string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const fail = (message: string) => {
      cleanup();
      reject(new Error(`crossrole emulator: ${message}\n${stderr()}`.trimEnd()));
    };
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      cleanup();
      try {
        const line = JSON.parse(buffered.slice(0, newline)) as { ready?: boolean; port?: number };
        if (line.ready !== true || typeof line.port !== "number") throw new Error("no port");
        resolve(line.port);
      } catch {
        reject(new Error(`crossrole emulator: unexpected launcher output: ${buffered}`));
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`the server exited before it was ready (code ${code}, signal ${signal}).`);
    const onError = (error: Error) => fail(`cannot start the server: ${error.message}`);
    const timer = setTimeout(() => fail(`the server was not ready within ${timeoutMs} ms.`), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off("data", onData);
      child.off("close", onExit);
      child.off("error", onError);
    };
    child.stdout.on("data", onData);
    child.once("close", onExit);
    child.once("error", onError);
  });
}

async function waitForData(endpoint: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not accepting yet
    }
    if (Date.now() > deadline) throw new Error(`crossrole emulator: ${endpoint} did not answer in time`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Start one patched moto 5.2.1 server on a free loopback port and wait until it answers.
 *
 * The server cannot outlive this process: it exits when its stdin (a pipe held only by this process) closes, which
 * happens however this process ends, SIGKILL included; an `exit` handler also kills it. Throws with instructions
 * when Python or moto 5.2.1 is missing.
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<Emulator> {
  const started = performance.now();
  const python = options.python ?? (await resolvePython());
  const child: ServerProcess = spawn(
    python,
    [
      LAUNCHER,
      ...["--host", "127.0.0.1", "--port", "0", "--parent-pid", String(process.pid), "--exit-on-stdin-eof"],
      ...(options.patched === false ? ["--unpatched"] : []),
      ...(options.validateStoredPolicies === true ? ["--validate-stored-policies"] : []),
    ],
    { stdio: ["pipe", "pipe", "pipe"], env: serverEnv() },
  );
  let stderrText = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderrText = (stderrText + chunk.toString("utf8")).slice(-STDERR_LIMIT);
  });
  const stderr = () => stderrText;
  let exited = false;
  const exitedPromise = once(child, "exit").then(() => {
    exited = true;
  });
  const killOnExit = () => {
    if (!exited) child.kill("SIGKILL");
  };
  process.on("exit", killOnExit);

  const timeoutMs = options.startTimeoutMs ?? 20_000;
  let port: number;
  try {
    port = await readReadyLine(child, stderr, timeoutMs);
    await waitForData(`http://127.0.0.1:${port}`, Date.now() + timeoutMs);
  } catch (error) {
    process.off("exit", killOnExit);
    if (!exited) child.kill("SIGKILL");
    throw error;
  }
  child.stdout.resume(); // drain: a full pipe would block the server

  // Let this process exit without an explicit stop(): the stdin watchdog then ends the server.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void }).unref?.();
  }

  const pid = child.pid;
  if (pid === undefined) throw new Error("crossrole emulator: the server has no PID");
  const endpoint = `http://127.0.0.1:${port}`;
  const stopTimeoutMs = options.stopTimeoutMs ?? 2_000;

  return {
    ...connectEmulator(endpoint, pid),
    startupMs: performance.now() - started,
    stderr,
    async stop() {
      process.off("exit", killOnExit);
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => {
        if (!exited) child.kill("SIGKILL");
      }, stopTimeoutMs);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}
