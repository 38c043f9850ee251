import type { TestProject } from "vitest/node";
import { type Emulator, startEmulator } from "./emulator.js";

/** Where the shared emulator runs; null when skipped with CROSSROLE_SKIP_EMULATOR=1. */
export interface ProvidedEmulator {
  readonly endpoint: string;
  readonly pid: number;
}

declare module "vitest" {
  export interface ProvidedContext {
    crossroleEmulator: ProvidedEmulator | null;
  }
}

let emulator: Emulator | undefined;
let skipped = false;

function loud(lines: string[]): void {
  const bar = "!".repeat(100);
  console.warn(["", bar, ...lines.map((line) => `!!! ${line}`), bar, ""].join("\n"));
}

/** vitest global setup: start ONE emulator for the whole run and provide its endpoint and PID to the tests. */
export async function setup(project: TestProject): Promise<void> {
  if (process.env.CROSSROLE_SKIP_EMULATOR === "1") {
    skipped = true;
    loud([
      "CROSSROLE_SKIP_EMULATOR=1: the AWS emulator is NOT started.",
      "Every emulator and integration test of this run is SKIPPED: nothing about AWS behaviour was verified.",
    ]);
    project.provide("crossroleEmulator", null);
    return;
  }
  emulator = await startEmulator();
  project.provide("crossroleEmulator", { endpoint: emulator.endpoint, pid: emulator.pid });
  console.log(
    `crossrole emulator: moto 5.2.1 (patched) pid ${emulator.pid} at ${emulator.endpoint}, ready in ${Math.round(emulator.startupMs)} ms`,
  );
}

/** vitest global teardown: stop the emulator. */
export async function teardown(): Promise<void> {
  if (skipped) loud(["CROSSROLE_SKIP_EMULATOR=1: emulator and integration tests were SKIPPED, not passed."]);
  if (!emulator) return;
  const started = performance.now();
  await emulator.stop();
  console.log(`crossrole emulator: stopped in ${Math.round(performance.now() - started)} ms`);
  emulator = undefined;
}
