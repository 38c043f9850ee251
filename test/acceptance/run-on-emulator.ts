// CI's proof that the real-AWS path works: starts the patched emulator, creates two admin users in two accounts
// through the IAM API (nothing else), writes their keys as profiles, turns on IAM enforcement and runs
// `npm run test:aws` exactly as a user with two AWS accounts would. For keyless builds it starts a local OIDC
// issuer, mints a token into a file and sets the CROSSROLE_TEST_OIDC_* variables a user with an issuer of their own
// would; the one emulator-only step is telling the emulator where that issuer's discovery document and JWKS are
// served (AWS fetches them from the issuer's https URL; the emulator cannot), and it happens here, not in the suite.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateOpenIDConnectProviderCommand,
  CreateUserCommand,
  DeleteOpenIDConnectProviderCommand,
  ListOpenIDConnectProvidersCommand,
  ListUsersCommand,
} from "@aws-sdk/client-iam";
import type { PolicyDocument } from "../../src/core/plan/policy-document.js";
import { startEmulator } from "../emulator/emulator.js";
import { routeIssuerToEmulator, startOidcIssuer } from "../emulator/oidc-issuer.js";
import { createUserWithKey } from "../emulator/world.js";
import { runProcess } from "../support/run-process.js";
import { profileClients } from "./support/account-clients.js";
import { newRunId, RUN_TAG_KEY, runPrefix } from "./support/run-id.js";
import { readSettings } from "./support/settings.js";

const ROOT = new URL("../..", import.meta.url).pathname;

/** The issuer name the tokens carry: an issuer URL of "your own" (not github/gitlab), so the audience is needed. */
const ISSUER = "https://oidc.acceptance.crossrole.example";
const SUBJECT = "repo:acme/app:ref:refs/heads/main";

/** Tags of the OIDC providers the sweep proof makes (declared before the top-level run uses them). */
const MANAGED = { Key: "managed-by", Value: "crossrole" };
const runTag = (id: string) => [{ Key: RUN_TAG_KEY, Value: id }];

const ADMIN: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};
const started = performance.now();
const emulator = await startEmulator({ validateStoredPolicies: true });
const issuer = await startOidcIssuer(ISSUER);
const dir = await mkdtemp(join(tmpdir(), "crossrole-acceptance-profiles-"));
let code = 1;
try {
  await routeIssuerToEmulator(emulator, issuer);
  const tokenFile = join(dir, "oidc-token");
  // An hour: the suite checks the token has minutes left, as a user's CI token would need.
  await writeFile(
    tokenFile,
    issuer.mint({ sub: SUBJECT, aud: "crossrole-acceptance" }, { expiresIn: 3600 }),
    {
      mode: 0o600,
    },
  );
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
      CROSSROLE_TEST_OIDC_TOKEN_FILE: tokenFile,
      CROSSROLE_TEST_OIDC_PROVIDER: ISSUER,
      CROSSROLE_TEST_OIDC_SUBJECT: SUBJECT,
    },
    cwd: ROOT,
    ignoreStdin: true,
  });
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  code = run.code ?? 1;
  if (code === 0) code = await proveSweep(env, { ...profileEnv, AWS_ENDPOINT_URL: emulator.endpoint });
} finally {
  await issuer.close();
  await emulator.stop();
  await rm(dir, { recursive: true, force: true });
}
console.log(
  `npm run test:aws:emulator: exit ${code} in ${Math.round((performance.now() - started) / 1000)} s`,
);
process.exit(code);

/**
 * `npm run test:aws:sweep` on the same accounts: a user tagged by a run two hours old goes, one of a run a minute
 * old stays (and is then removed by a sweep with a zero-minute cutoff, leaving nothing behind). Of OIDC providers
 * (named by issuer, not by run) only one with both managed-by=crossrole and an old run's tag goes: one with the
 * run tag but not crossrole's, and one of crossrole's without a run tag, are someone else's and stay.
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
    const providers = {
      swept: ["https://crt-sweep-ours.example", [...runTag(old), MANAGED]],
      foreign: ["https://crt-sweep-foreign.example", runTag(old)],
      untagged: ["https://crt-sweep-untagged.example", [MANAGED]],
    } as const;
    const arnOf: Record<string, string> = {};
    for (const [name, [url, tags]] of Object.entries(providers)) {
      const created = await admin.iam.send(
        new CreateOpenIDConnectProviderCommand({
          Url: url,
          ClientIDList: ["sts.amazonaws.com"],
          Tags: [...tags],
        }),
      );
      arnOf[name] = created.OpenIDConnectProviderArn ?? "";
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
    const providerArns = (
      (await admin.iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList ?? []
    ).map((provider) => provider.Arn);
    const providerSwept = !providerArns.includes(arnOf.swept);
    const othersKept = providerArns.includes(arnOf.foreign) && providerArns.includes(arnOf.untagged);
    for (const name of ["foreign", "untagged"]) {
      await admin.iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arnOf[name] }));
    }
    const oldGone = !afterFirst.includes(`${runPrefix(old)}leftover`);
    const recentKept = afterFirst.includes(`${runPrefix(recent)}leftover`);
    const second = await sweep({ CROSSROLE_TEST_SWEEP_MINUTES: "0" });
    const leftovers = (await users()).filter((name) => name.startsWith("crt-"));
    const ok =
      first.code === 0 &&
      second.code === 0 &&
      oldGone &&
      recentKept &&
      providerSwept &&
      othersKept &&
      leftovers.length === 0;
    console.log(
      `npm run test:aws:sweep: ${ok ? "ok" : "FAILED"} (a two-hour-old run's user removed: ${oldGone}; a minute-old run's user kept: ${recentKept}; its crossrole OIDC provider removed: ${providerSwept}; providers not crossrole's or without a run tag kept: ${othersKept}; left after a zero-minute sweep: ${leftovers.join(", ") || "nothing"})`,
    );
    return ok ? 0 : 1;
  } finally {
    admin.destroy();
  }
}
