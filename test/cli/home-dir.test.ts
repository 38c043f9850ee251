import { chmod, cp, readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runProcess } from "../support/run-process.js";
import { cliPath, makeTempDir } from "./run-cli.js";

// A uid with no entry in the password database, as a container run with an arbitrary uid: setpriv switches to it,
// which takes root.
const NO_PASSWD_UID = "54321";
const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log("home-dir.test.ts: skipped, setpriv to a uid without a passwd entry needs root");

let dir: string;
let cleanup: () => Promise<void>;
let distDir: string;
let cleanupDist: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  await chmod(dir, 0o777);
  // The checkout may sit in a directory only root can enter (a CI clone under a 0700 mktemp dir): the other uid
  // runs a copy of dist/ in a directory it can read.
  ({ dir: distDir, cleanup: cleanupDist } = await makeTempDir());
  await chmod(distDir, 0o755);
  await cp(dirname(cliPath), join(distDir, "dist"), { recursive: true });
});
afterEach(async () => {
  await cleanup();
  await cleanupDist();
});

describe("the home directory", () => {
  it.skipIf(!isRoot)(
    "no HOME and no passwd entry: exit 5 saying to set HOME, nothing written in the working directory",
    async () => {
      const run = await runProcess(
        "setpriv",
        [
          `--reuid=${NO_PASSWD_UID}`,
          `--regid=${NO_PASSWD_UID}`,
          "--clear-groups",
          "--",
          process.execPath,
          join(distDir, "dist", "crossrole.cjs"),
        ]
          .concat([
            "assume",
            "--role-arn",
            "arn:aws:iam::111111111111:role/deploy",
            "--external-id",
            "ext-12345",
          ])
          .concat(["--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:9"]),
        {
          cwd: dir,
          env: {
            PATH: process.env.PATH ?? "",
            AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
            AWS_SECRET_ACCESS_KEY: "x",
          },
        },
      );
      expect(run.stderr).toMatch(/cannot find the home directory: HOME is not set/);
      expect(run.stderr).toMatch(/Set HOME/);
      expect(run.stderr).not.toMatch(/ at /); // no stack trace
      expect(run.code).toBe(5);
      expect(await readdir(dir)).toEqual([]);
    },
  );
});
