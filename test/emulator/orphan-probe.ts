/**
 * Child-process probe for lifecycle.test.ts (run with `node --import tsx`): starts an emulator, prints
 * `{"pid":…,"endpoint":…}` on one line, then idles until killed. It never calls stop(): the point is to prove the
 * server dies with this process however it is killed.
 */
import { startEmulator } from "./emulator.js";

const emulator = await startEmulator();
process.stdout.write(`${JSON.stringify({ pid: emulator.pid, endpoint: emulator.endpoint })}\n`);
setInterval(() => {}, 60_000);
