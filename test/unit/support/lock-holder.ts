// A child process for the file-lock tests: holds the lock on PATH for HOLD_MS, refreshing it every TOUCH_MS, and
// appends "holding" then "released" to LOG.
//   node --import tsx test/unit/support/lock-holder.ts PATH HOLD_MS TOUCH_MS LOG
import { appendFile } from "node:fs/promises";
import { withFileLock } from "../../../src/local/fs/with-file-lock.js";

const [path, holdMs, touchMs, log] = process.argv.slice(2);
if (path === undefined || holdMs === undefined || touchMs === undefined || log === undefined)
  throw new Error("usage: PATH HOLD_MS TOUCH_MS LOG");
await withFileLock(
  path,
  async () => {
    await appendFile(log, "holding\n");
    await new Promise((done) => setTimeout(done, Number(holdMs)));
    await appendFile(log, "released\n");
  },
  { touchIntervalMs: Number(touchMs) },
);
