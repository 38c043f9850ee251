// CI's proof that the real-AWS path works: starts the patched emulator, creates two admin users in two accounts
// through the IAM API (nothing else), writes their keys as profiles, turns on IAM enforcement and runs
// `npm run test:aws` exactly as a user with two AWS accounts would.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PolicyDocument } from "../../src/core/plan/policy-document.js";
import { startEmulator } from "../emulator/emulator.js";
import { createUserWithKey } from "../emulator/world.js";
import { runProcess } from "../support/run-process.js";

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
    cwd: new URL("../..", import.meta.url).pathname,
    ignoreStdin: true,
  });
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  code = run.code ?? 1;
} finally {
  await emulator.stop();
  await rm(dir, { recursive: true, force: true });
}
console.log(
  `npm run test:aws:emulator: exit ${code} in ${Math.round((performance.now() - started) / 1000)} s`,
);
process.exit(code);
