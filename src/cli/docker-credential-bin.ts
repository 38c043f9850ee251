import { fstatSync, readSync } from "node:fs";
import { cachedDockerCredential } from "../workflows/cached-docker-credential.js";
import { fdOutput } from "./fd-output.js";

/**
 * The `docker-credential-crossrole` executable, built as CommonJS (dist/docker-credential-crossrole.cjs) so that
 * `get` with a cached token never initialises Node's ES-module loader, node:crypto, fs/promises or Node's stdin
 * stream (which loads net and stream): it reads stdin synchronously and answers from the caches
 * (cachedDockerCredential). Anything else, including every miss, imports the ES-module helper
 * (docker-credential-cli.js, src/cli/docker-credential-main.ts) and hands it the stdin already read.
 */
async function start(): Promise<void> {
  const argv = process.argv.slice(2);
  const stdin = argv[0] === "get" ? readStdinSync() : undefined;
  if (stdin !== undefined) {
    const env = process.env;
    const credential = await cachedDockerCredential({
      serverUrl: stdin.trim(),
      env,
      home: env.HOME ?? env.USERPROFILE ?? process.cwd(),
      cwd: process.cwd(),
      version: VERSION,
    });
    if (credential !== undefined) {
      fdOutput(1, () => process.stdout).write(`${JSON.stringify(credential)}\n`);
      return;
    }
  }
  // The built helper next to this file (dist/docker-credential-cli.js), resolved at run time.
  const helper = "./docker-credential-cli.js";
  const { dockerCredentialMain } = (await import(helper)) as {
    dockerCredentialMain: (argv: string[], stdin?: string) => Promise<number>;
  };
  process.exitCode = await dockerCredentialMain(argv, stdin);
}

// --- internal ---

declare const __CROSSROLE_VERSION__: string | undefined;
const VERSION = typeof __CROSSROLE_VERSION__ === "string" ? __CROSSROLE_VERSION__ : "dev";

/** As much as the helper reads of stdin (docker writes one line and closes it). */
const MAX_STDIN = 1_048_576;

/**
 * Standard input, read to its end (at most 1 MiB) with synchronous reads: "" for a terminal or other character
 * device (as the stream-based reader answers for a terminal), undefined when it cannot be read this way (a
 * non-blocking descriptor, an unexpected error): the ES-module helper then reads it through Node's stream.
 */
function readStdinSync(): string | undefined {
  try {
    if (fstatSync(0).isCharacterDevice()) return "";
  } catch {
    return undefined;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const buffer = Buffer.allocUnsafe(65_536);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EOF") break;
      // A non-blocking descriptor: before anything was read, the stream reader takes over (nothing consumed);
      // after, what was read cannot be handed back, so wait for the rest here.
      if (code === "EAGAIN" && total === 0) return undefined;
      if (code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (total === 0) return undefined;
      break; // (EIO and the like after some input: answer for what was read, as the stream reader would)
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
    total += n;
    if (total > MAX_STDIN) break;
  }
  return Buffer.concat(chunks).toString("utf8");
}

void start();
