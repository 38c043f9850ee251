import type { ChildProcess } from "node:child_process";
import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deadAndLiveWriters } from "../../../test/support/writer-processes.js";
import { DEAD_WRITER_GRACE_MS } from "./remove-write-leftovers.js";
import { withFileLock } from "./with-file-lock.js";
import { writeFileAtomic } from "./write-file-atomic.js";

// Leftovers are made the way a writer killed with SIGKILL leaves them: the names the writers use, holding a
// secret, carrying the PID of a process that really was killed (-9); "a live writer" is a process that is running
// but stopped (SIGSTOP), as one paused mid-write.
let dead: number;
let live: ChildProcess;
beforeAll(async () => {
  ({ dead, live } = await deadAndLiveWriters());
});
afterAll(() => {
  live.kill("SIGKILL");
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-leftovers-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A file of `ageMs` holding a secret. */
async function leftover(name: string, ageMs: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
  const at = (Date.now() - ageMs) / 1000;
  await utimes(path, at, at);
  return name;
}

const OLD = DEAD_WRITER_GRACE_MS + 5_000;
const HEX = "0123456789ab";

describe("the shared writers remove what killed writers of the same file left", () => {
  it("writeFileAtomic: a dead writer's temp file and stale lock aside go; live, fresh and other files' stay", async () => {
    const gone = [
      await leftover(`.credentials.${dead}.${HEX}.tmp`, OLD),
      await leftover(`credentials.lock.stale-${dead}-k3x9`, OLD),
      await leftover(`.credentials.${HEX}.tmp`, 61_000), // older crossrole: no PID in the name, so by age
    ];
    const kept = [
      await leftover(`.credentials.${live.pid}.${HEX}.tmp`, OLD), // its writer is running (stopped mid-write)
      await leftover(`.credentials.${dead}.abcdefabcdef.tmp`, 1_000), // may be another container's writer
      await leftover(`.credentials.bbbbbbbbbbbb.tmp`, 1_000),
      await leftover(`.config.${dead}.${HEX}.tmp`, OLD), // another file's: its own writer cleans it
      await leftover(`.credentials.${dead}.${HEX}.tmp.bak`, OLD), // not a name crossrole writes
    ];
    await writeFileAtomic(join(dir, "credentials"), "new\n", { overwrite: true, mode: 0o600 });
    const after = await readdir(dir);
    for (const name of gone) expect(after).not.toContain(name);
    expect(after.sort()).toEqual(["credentials", ...kept].sort());
  });

  it("cache entries: the NAME.PID.RAND.tmp of an older version's dead writer goes, a live one's stays", async () => {
    const entry = "session-3f2a.json";
    await leftover(`${entry}.${dead}.q1w2e3r4.tmp`, OLD);
    const kept = await leftover(`${entry}.${live.pid}.q1w2e3r4.tmp`, OLD);
    await writeFileAtomic(join(dir, entry), "{}", { overwrite: true, mode: 0o600, replaceSymlink: true });
    expect((await readdir(dir)).sort()).toEqual([entry, kept].sort());
  });

  it("withFileLock: stale locks moved aside by a breaker killed before it removed them go, under the lock", async () => {
    await leftover(`config.json.lock.stale-${dead}-a1b2c3`, OLD);
    const kept = await leftover(`config.json.lock.stale-${live.pid}-a1b2c3`, OLD);
    const seen = await withFileLock(join(dir, "config.json"), async () => readdir(dir));
    expect(seen.sort()).toEqual(["config.json.lock", kept].sort());
  });
});
