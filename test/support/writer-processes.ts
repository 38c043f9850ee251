import { type ChildProcess, spawn } from "node:child_process";

/**
 * The two kinds of writer a leftover can belong to, made real: the PID of a process that really was killed with
 * SIGKILL (as a writer killed mid-write), and a live process stopped with SIGSTOP (as one paused mid-write). Stop
 * the live one with `live.kill("SIGKILL")` after the tests.
 */
export async function deadAndLiveWriters(): Promise<{ dead: number; live: ChildProcess }> {
  const victim = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  const dead = victim.pid ?? 0;
  await new Promise<void>((done) => {
    victim.once("exit", () => done());
    victim.kill("SIGKILL");
  });
  const live = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  live.kill("SIGSTOP");
  return { dead, live };
}
