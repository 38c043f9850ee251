/**
 * Rollout + verify scaling on the emulator: for 10, 50 and 200 accounts, `crossrole rollout --yes` (StackSet,
 * one instance per account) then `crossrole verify GROUP` with the BUILD user's keys. One run each, bounded
 * (the whole bench stops after 10 minutes). Run: npm run build && npx tsx bench/rollout.ts [--ou] [--json] [sizes...]
 * --ou: the accounts are in an AWS Organizations OU and the target names it (organizationalUnits: a
 * SERVICE_MANAGED StackSet, one CreateStackInstances for the OU), as the management account.
 */
import "../test/support/quiet-sdk-node-version-warning.js"; // the SDK's Node-version warning, in this process
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { startEmulator } from "../test/emulator/emulator.js";
import { createUserWithKey } from "../test/emulator/world.js";
import { createOrganization } from "../test/integration/fleet-helpers.js";

const CLI = resolve(import.meta.dirname, "../dist/crossrole.cjs");
const ou = process.argv.includes("--ou");
const json = process.argv.includes("--json");
const sizes = process.argv
  .slice(2)
  .filter((a) => a !== "--ou" && a !== "--json")
  .map(Number)
  .filter((n) => n > 0);
const SIZES = sizes.length > 0 ? sizes : [10, 50, 200];
const deadline = setTimeout(() => {
  console.error("bench: 10-minute bound reached");
  process.exit(1);
}, 600_000);

const emulator = await startEmulator();
try {
  if (!json) console.log("accounts  rollout_ms  per_account_ms  verify_ms  per_account_ms");
  const first: { n: number; rollout: number; verify: number }[] = [];
  for (const n of SIZES) {
    await emulator.reset();
    const ci = await createUserWithKey(emulator, "222222222222", "ci");
    const dir = await mkdtemp(join(tmpdir(), "crossrole-bench-"));
    const accounts = Array.from({ length: n }, (_, i) => `"${400000000000 + i}"`);
    const where = ou
      ? `organizationalUnits: [${await organizationWith(n, dir)}]`
      : `accounts: [${accounts.join(", ")}]`;
    await writeFile(
      join(dir, "crossrole.yaml"),
      `version: 1\nregion: us-east-1\nbuild: { account: "222222222222", principal: user/ci }\ntargets:\n  fleet:\n    ${where}\n    role: R\n`,
    );
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: dir,
      AWS_ACCESS_KEY_ID: ci.accessKeyId,
      AWS_SECRET_ACCESS_KEY: ci.secretAccessKey,
      AWS_REGION: "us-east-1",
      AWS_CONFIG_FILE: join(dir, "none"),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
    };
    const run = async (args: string[]) => {
      const started = performance.now();
      await promisify(execFile)(process.execPath, [CLI, ...args, "--endpoint-url", emulator.endpoint], {
        cwd: dir,
        env,
        maxBuffer: 64 * 1024 * 1024,
      }).catch((e: { stdout?: string; code?: number }) => {
        if (args[0] === "rollout") throw e; // verify reports in JSON; its exit code is checked by the tests
        return e;
      });
      return performance.now() - started;
    };
    const rollout = await run([
      "rollout",
      "--yes",
      "--no-build-grant",
      "--max-concurrent",
      "16",
      ...(ou ? ["--target-profile", "management"] : []),
    ]);
    const verify = await run(["verify", "fleet", "--json", "--concurrency", "16"]);
    first.push({ n, rollout, verify });
    const base = first[0];
    if (json && base !== undefined && base.n !== n) {
      // A record for bench/run.ts (bench/support/bench-record.ts): growth against the smallest size.
      const figure = `rollout ${(rollout / base.rollout).toFixed(1)}x, verify ${(verify / base.verify).toFixed(1)}x the time of ${base.n} accounts`;
      const what = `${n} accounts${ou ? " (one OU)" : ""}`;
      console.log(JSON.stringify({ kind: "crossrole-bench", bench: "rollout", case: what, figure }));
    }
    if (!json)
      console.log(
        `${String(n).padStart(8)}  ${rollout.toFixed(0).padStart(10)}  ${(rollout / n).toFixed(1).padStart(14)}  ${verify.toFixed(0).padStart(9)}  ${(verify / n).toFixed(1).padStart(14)}`,
      );
    await rm(dir, { recursive: true, force: true });
  }
} finally {
  clearTimeout(deadline);
  await emulator.stop();
}

/** An organization (management account 555555555555) with `n` accounts in one OU; returns the OU ID. Not timed. */
async function organizationWith(n: number, dir: string): Promise<string> {
  const management = await createUserWithKey(emulator, "555555555555", "stacksets-admin");
  await writeFile(
    join(dir, "credentials"),
    `[management]\naws_access_key_id = ${management.accessKeyId}\naws_secret_access_key = ${management.secretAccessKey}\n`,
  );
  return (await createOrganization(emulator, management, { accounts: n })).ouId;
}
