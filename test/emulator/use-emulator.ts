import { randomUUID } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import { connectEmulator, type EmulatorClient } from "./emulator-client.js";

/** Options of {@link useEmulator}. */
export interface UseEmulatorOptions {
  /** Wipe state before the file ("file", default) or before every test ("test"). */
  reset?: "file" | "test";
}

function unavailable(): never {
  throw new Error("crossrole emulator: not started (CROSSROLE_SKIP_EMULATOR=1)");
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The server is shared and reset between files, so two files must never use it at once. Claim it for this file,
 * and fail loudly (instead of flaking) if another live test file holds it.
 */
function claim(endpoint: string): () => void {
  const lock = join(tmpdir(), `crossrole-emulator-${new URL(endpoint).port}.lock`);
  const token = `${process.pid} ${randomUUID()}`;
  try {
    writeFileSync(lock, token, { flag: "wx" });
  } catch {
    const [owner] = readFileSync(lock, "utf8").split(" ");
    if (alive(Number(owner))) {
      throw new Error(
        "crossrole emulator: another test file is using the shared emulator at the same time. " +
          'Run the "emulator" vitest project with fileParallelism: false.',
      );
    }
    writeFileSync(lock, token); // stale lock of a dead worker
  }
  return () => {
    try {
      if (readFileSync(lock, "utf8") === token) rmSync(lock);
    } catch {
      // already gone
    }
  };
}

/**
 * Call at the top of a test file of the "emulator" project: returns a client for the shared emulator and registers
 * hooks that reset its state and switch auth enforcement off (before the file, or before each test). When the run
 * skips the emulator (CROSSROLE_SKIP_EMULATOR=1), every test of the file is reported as skipped.
 */
export function useEmulator(options: UseEmulatorOptions = {}): EmulatorClient {
  const provided = inject("crossroleEmulator");
  if (provided === null) {
    beforeEach((context) => {
      context.skip("CROSSROLE_SKIP_EMULATOR=1: emulator not started");
    });
    return {
      endpoint: "http://127.0.0.1:9",
      pid: 0,
      reset: unavailable,
      setAuthEnforcement: unavailable,
      sessions: unavailable,
    };
  }
  const emulator = connectEmulator(provided.endpoint, provided.pid);
  const fresh = async () => {
    await emulator.setAuthEnforcement(false);
    await emulator.reset();
  };
  let release: (() => void) | undefined;
  beforeAll(async () => {
    release = claim(provided.endpoint);
    if (options.reset !== "test") await fresh();
  });
  afterAll(async () => {
    await emulator.setAuthEnforcement(false);
    release?.();
  });
  if (options.reset === "test") beforeEach(fresh);
  return emulator;
}
