import { cp, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** dist/cli.js in the run's private copy of dist/; null when dist/ was not built (see snapshotCli). */
    crossroleDistSnapshot: string | null;
  }
}

let copy: string | undefined;

/**
 * vitest global setup (emulator project): ONE private copy of the built dist/ for the whole run, so that colleagues
 * rebuilding dist/ while these tests run (the build starts by deleting it) cannot make a run fail with "Cannot find
 * module". The teardown, in vitest's main process, removes it: a per-file copy cleaned on the worker's `exit` event
 * was left behind in /tmp (12 MB each), since vitest ends its workers without that event.
 */
export async function setup(project: TestProject): Promise<void> {
  const dist = resolve(import.meta.dirname, "../../dist");
  // A rebuild in progress: wait (up to 20 s) for the executable, which the build writes last.
  for (let i = 0; i < 100 && !(await exists(join(dist, "crossrole.cjs"))); i++)
    await new Promise((done) => setTimeout(done, 200));
  if (!(await exists(join(dist, "crossrole.cjs")))) {
    project.provide("crossroleDistSnapshot", null);
    return;
  }
  copy = await mkdtemp(join(tmpdir(), "crossrole-dist-"));
  await cp(dist, copy, { recursive: true });
  project.provide("crossroleDistSnapshot", join(copy, "cli.js"));
}

/** vitest global teardown: remove the copy. */
export async function teardown(): Promise<void> {
  if (copy !== undefined) await rm(copy, { recursive: true, force: true });
  copy = undefined;
}

function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
