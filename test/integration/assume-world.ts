// The world the assume/exec/cache integration tests and bench/assume.ts share: a BUILD user `ci` (222222222222)
// with the planned grant, a target role `deploy` (111111111111) with the planned trust (principal + ExternalId),
// both derived from a real access spec through buildAccessPlan, and a sandbox whose env holds the BUILD keys.
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { buildAccessPlan } from "../../src/core/plan/build-access-plan.js";
import { parseSpec } from "../../src/core/spec/parse-spec.js";
import { BUILD, TARGET } from "../emulator/accounts.js";
import type { EmulatorClient } from "../emulator/emulator-client.js";
import { createSandbox, type Sandbox } from "../emulator/sandbox.js";
import { createRole, createUserWithKey, type UserWithKey } from "../emulator/world.js";
import { runProcess } from "../support/run-process.js";

/** The built CLI (override with CROSSROLE_CLI). */
export const cliPath = process.env.CROSSROLE_CLI ?? resolve(import.meta.dirname, "../../dist/crossrole.cjs");

export const EXTERNAL_ID = "crossrole-it-7Qv2mK9pL4sT8wZ1nB6cD3fG5hJ0kYa";
export const ROLE_ARN = `arn:aws:iam::${TARGET}:role/deploy`;
export const REGION = "eu-west-1";

export const SPEC = `version: 1
region: ${REGION}
build:
  account: "${BUILD}"
  principal: user/ci
targets:
  deploy:
    account: "${TARGET}"
    role: deploy
    externalId: ${EXTERNAL_ID}
    maxSessionDuration: 7200
    allowSessionTags: true
`;

export interface AssumeWorld {
  sandbox: Sandbox;
  /** The sandbox's env plus the BUILD user's keys. */
  env: Record<string, string>;
  user: UserWithKey;
  specPath: string;
}

/**
 * Creates the world with enforcement OFF (admin setup), then switches enforcement ON. Call after `reset()`.
 */
export async function createAssumeWorld(emulator: EmulatorClient): Promise<AssumeWorld> {
  await emulator.setAuthEnforcement(false);
  const plan = buildAccessPlan(parseSpec(SPEC, "crossrole.yaml"), "crossrole.yaml");
  const target = plan.targets[0];
  if (target === undefined) throw new Error("no target in the spec");
  const user = await createUserWithKey(emulator, BUILD, "ci", plan.build.grantPolicy);
  await createRole(emulator, TARGET, {
    name: target.roleName,
    trustPolicy: target.trustPolicy,
    maxSessionDuration: target.maxSessionDuration,
  });
  await emulator.setAuthEnforcement(true);
  const sandbox = await createSandbox(emulator, { region: "us-east-1" });
  const specPath = join(sandbox.dir, "crossrole.yaml");
  await writeFile(specPath, SPEC);
  const env = {
    ...sandbox.env,
    AWS_ACCESS_KEY_ID: user.accessKeyId,
    AWS_SECRET_ACCESS_KEY: user.secretAccessKey,
  };
  return { sandbox, env, user, specPath };
}

/** Outcome of one crossrole process. */
export interface CrossroleRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with exactly `env` (nothing inherited). */
export function runCrossrole(
  args: string[],
  options: { env: Record<string, string>; cwd: string; input?: string },
): Promise<CrossroleRun> {
  return runProcess(process.execPath, [cliPath, ...args], options);
}

/** Fails when any of `secrets` appears in the run's stdout or stderr. */
export function expectNoSecrets(run: { stdout: string; stderr: string }, secrets: readonly string[]): void {
  for (const secret of secrets) {
    if (secret === "") continue;
    if (run.stdout.includes(secret) || run.stderr.includes(secret)) {
      throw new Error(
        `a secret (…${secret.slice(-4)}) appeared in the output:\n${run.stdout}\n${run.stderr}`,
      );
    }
  }
}
