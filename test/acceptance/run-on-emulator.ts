// CI's proof that the real-AWS path works: starts the patched emulator, creates two admin users in two accounts
// through the IAM API (nothing else), writes their keys as profiles, turns on IAM enforcement and runs
// `npm run test:aws` exactly as a user with two AWS accounts would.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateUserCommand, ListUsersCommand } from "@aws-sdk/client-iam";
import type { PolicyDocument } from "../../src/core/plan/policy-document.js";
import { startEmulator } from "../emulator/emulator.js";
import { createUserWithKey } from "../emulator/world.js";
import { runProcess } from "../support/run-process.js";
import { profileClients } from "./support/account-clients.js";
import { newRunId, RUN_TAG_KEY, runPrefix } from "./support/run-id.js";
import { readSettings } from "./support/settings.js";

const ROOT = new URL("../..", import.meta.url).pathname;

const ADMIN: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};
const started = performance.now();
const emulator = await startEmulator({ validateStoredPolicies: true });
const dir = await mkdtemp(join(tmpdir(), "crossrole-acceptance-profiles-"));
let code = 1;
try {
  const target = await createUserWithKey(emulator, "111111111111", "acceptance-admin", ADMIN);
  const build = await createUserWithKey(emulator, "222222222222", "acceptance-admin", ADMIN);
  const section = (name: string, key: { accessKeyId: string; secretAccessKey: string }) =>
    `[${name}]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`;
  await writeFile(join(dir, "credentials"), section("target-admin", target) + section("build-admin", build), {
    mode: 0o600,
  });
  await writeFile(join(dir, "config"), "");
  await emulator.setAuthEnforcement(true);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^AWS_|^CROSSROLE_TEST_/.test(name)) env[name] = value;
  }
  const profileEnv = {
    CROSSROLE_TEST_TARGET_PROFILE: "target-admin",
    CROSSROLE_TEST_BUILD_PROFILE: "build-admin",
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
    AWS_CONFIG_FILE: join(dir, "config"),
  };
  const run = await runProcess(process.execPath, ["--import", "tsx", "test/acceptance/run-acceptance.ts"], {
    env: {
      ...env,
      CROSSROLE_TEST_TARGET_PROFILE: "target-admin",
      CROSSROLE_TEST_BUILD_PROFILE: "build-admin",
      CROSSROLE_TEST_REPORT:
        process.env.CROSSROLE_TEST_REPORT ?? join("test-results", "aws-acceptance-emulator.json"),
      CROSSROLE_TEST_SKIP_BUILD: process.env.CROSSROLE_TEST_SKIP_BUILD ?? "0",
      AWS_ENDPOINT_URL: emulator.endpoint,
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
      AWS_CONFIG_FILE: join(dir, "config"),
    },
    cwd: ROOT,
    ignoreStdin: true,
  });
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  code = run.code ?? 1;
  if (code === 0) code = await proveSweep(env, { ...profileEnv, AWS_ENDPOINT_URL: emulator.endpoint });
} finally {
  await emulator.stop();
  await rm(dir, { recursive: true, force: true });
}
console.log(
  `npm run test:aws:emulator: exit ${code} in ${Math.round((performance.now() - started) / 1000)} s`,
);
process.exit(code);

/**
 * `npm run test:aws:sweep` on the same accounts: a user tagged by a run two hours old goes, one of a run a minute
 * old stays (and is then removed by a sweep with a zero-minute cutoff, leaving nothing behind).
 */
async function proveSweep(env: Record<string, string>, profileEnv: Record<string, string>): Promise<number> {
  const settings = readSettings({ ...env, ...profileEnv });
  if ("missing" in settings) return 1;
  const admin = await profileClients(settings, settings.buildProfile);
  try {
    const old = newRunId(Date.now() - 2 * 3_600_000);
    const recent = newRunId(Date.now() - 60_000);
    for (const id of [old, recent]) {
      await admin.iam.send(
        new CreateUserCommand({
          UserName: `${runPrefix(id)}leftover`,
          Tags: [{ Key: RUN_TAG_KEY, Value: id }],
        }),
      );
    }
    const sweep = (extra: Record<string, string>) =>
      runProcess(process.execPath, ["--import", "tsx", "test/acceptance/sweep.ts"], {
        env: { ...env, ...profileEnv, ...extra },
        cwd: ROOT,
        ignoreStdin: true,
      });
    const first = await sweep({});
    process.stdout.write(first.stdout + first.stderr);
    const users = async () =>
      ((await admin.iam.send(new ListUsersCommand({}))).Users ?? []).map((user) => user.UserName ?? "");
    const afterFirst = await users();
    const oldGone = !afterFirst.includes(`${runPrefix(old)}leftover`);
    const recentKept = afterFirst.includes(`${runPrefix(recent)}leftover`);
    const second = await sweep({ CROSSROLE_TEST_SWEEP_MINUTES: "0" });
    const leftovers = (await users()).filter((name) => name.startsWith("crt-"));
    const ok = first.code === 0 && second.code === 0 && oldGone && recentKept && leftovers.length === 0;
    console.log(
      `npm run test:aws:sweep: ${ok ? "ok" : "FAILED"} (a two-hour-old run's user removed: ${oldGone}; a minute-old run's user kept: ${recentKept}; left after a zero-minute sweep: ${leftovers.join(", ") || "nothing"})`,
    );
    return ok ? 0 : 1;
  } finally {
    admin.destroy();
  }
}
