import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deadAndLiveWriters } from "../../../test/support/writer-processes.js";
import { LOCK_STALE_MS, withFileLock } from "./with-file-lock.js";

const holder = resolve(import.meta.dirname, "../../../test/unit/support/lock-holder.ts");

// `dead` is the pid of a process that really was killed: what the pid of a holder in another container (another
// pid namespace) looks like from here, running or not.
let dead: number;
let live: ChildProcess;
beforeAll(async () => {
  ({ dead, live } = await deadAndLiveWriters());
});
afterAll(() => {
  live.kill("SIGKILL");
});

let dir: string;
let path: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-lock-"));
  path = join(dir, "config.json");
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

/** A real process refreshing the lock file's mtime every 100 ms, as a holder in another container does. */
async function otherContainersHolder(lockPath: string): Promise<ChildProcess> {
  const script = `const fs = require("node:fs");
const touch = () => { const t = new Date(); fs.utimesSync(${JSON.stringify(lockPath)}, t, t); };
touch(); process.stdout.write("touching\\n"); setInterval(touch, 100);`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "ignore"] });
  children.push(child);
  await new Promise<void>((done) => child.stdout?.once("data", () => done()));
  return child;
}

async function waitFor(file: string, text: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await readFile(file, "utf8").catch(() => "")).includes(text)) {
    if (Date.now() > deadline) throw new Error(`${file} never said ${text}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe("withFileLock: staleness by mtime, refreshed while held, not by pid alone", () => {
  it("a fresh lock whose pid is not running here (another pid namespace) is waited for, never broken; once its holder stops refreshing it, it is recovered", async () => {
    const lockPath = `${path}.lock`;
    await writeFile(lockPath, `${dead}\n`);
    const toucher = await otherContainersHolder(lockPath);
    let ran = false;
    const error = await withFileLock(
      path,
      async () => {
        ran = true;
      },
      { timeoutMs: 1500, staleMs: 500 },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "LOCK_TIMEOUT" });
    expect(ran).toBe(false);
    expect(await readFile(lockPath, "utf8")).toBe(`${dead}\n`); // still the other holder's

    await new Promise<void>((done) => {
      toucher.once("exit", () => done());
      toucher.kill("SIGKILL"); // the holder dies: nobody refreshes the lock any more
    });
    const started = Date.now();
    await withFileLock(
      path,
      async () => {
        ran = true;
      },
      { timeoutMs: 5000, staleMs: 500 },
    );
    expect(ran).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
  }, 15_000);

  it("a lock whose holder died and whose mtime is old is recovered at once", async () => {
    const lockPath = `${path}.lock`;
    await writeFile(lockPath, `${dead}\n`);
    const old = (Date.now() - LOCK_STALE_MS - 5_000) / 1000;
    await utimes(lockPath, old, old);
    const started = Date.now();
    expect(await withFileLock(path, async () => "mine", { timeoutMs: 2000 })).toBe("mine");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("a lock held longer than the staleness bounds is kept fresh by its holder (a real process), and waited for", async () => {
    const log = join(dir, "log");
    const child = spawn(process.execPath, ["--import", "tsx", holder, path, "2000", "100", log], {
      stdio: "ignore",
    });
    children.push(child);
    await waitFor(log, "holding");
    // Without the refreshes the lock would be abandoned after 400 ms, whatever its (running) pid says.
    const seen = await withFileLock(path, async () => readFile(log, "utf8"), {
      timeoutMs: 20_000,
      staleMs: 300,
      abandonedMs: 400,
    });
    expect(seen).toBe("holding\nreleased\n");
  }, 30_000);
});
