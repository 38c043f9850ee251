// The world the ECR integration tests and bench/ecr.ts share: a BUILD user `ci` (222222222222) with the planned
// grant; two target roles in 111111111111 built from a real access spec: `deploy` may pull from ECR (so it has
// ecr:GetAuthorizationToken), `noecr` has no permission at all. A sandbox whose env holds the BUILD keys, and a
// runner for the built CLI and helper.
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { buildAccessPlan } from "../../src/core/plan/build-access-plan.js";
import { parseSpec } from "../../src/core/spec/parse-spec.js";
import { BUILD, TARGET } from "../emulator/accounts.js";
import type { EmulatorClient } from "../emulator/emulator-client.js";
import { createSandbox, type Sandbox } from "../emulator/sandbox.js";
import { createRole, createUserWithKey } from "../emulator/world.js";
import { optionalTool } from "../support/optional-tool.js";
import { runProcess as runProcessWith } from "../support/run-process.js";

/** The built CLI and credential helper. */
export const cliPath = process.env.CROSSROLE_CLI ?? resolve(import.meta.dirname, "../../dist/crossrole.cjs");
export const helperPath = resolve(import.meta.dirname, "../../dist/docker-credential-crossrole.cjs");

export const REGION = "eu-west-1";
export const HOST = `${TARGET}.dkr.ecr.${REGION}.amazonaws.com`;
/** moto's token for a registry: base64("AWS:<registryId>-auth-token"). */
export const passwordFor = (registryId: string) => `${registryId}-auth-token`;

export const SPEC = `version: 1
region: ${REGION}
build:
  account: "${BUILD}"
  principal: user/ci
targets:
  deploy:
    account: "${TARGET}"
    role: deploy
    externalId: crossrole-ecr-it-Zk3Lm8Qp2Rt6Vw9Xy4Bn7Cd1Fg5Hj0
    permissions:
      ecr:
        pull: [app]
  noecr:
    account: "${TARGET}"
    region: us-west-2
    role: noecr
    externalId: crossrole-ecr-it-Aq1Ws2Ed3Rf4Tg5Yh6Uj7Ik8Ol9Pz0
`;

export interface EcrWorld {
  sandbox: Sandbox;
  env: Record<string, string>;
  specPath: string;
  dockerConfig: string;
}

/** Creates the world with enforcement OFF, then switches it ON. Call after `reset()`. */
export async function createEcrWorld(emulator: EmulatorClient): Promise<EcrWorld> {
  await emulator.setAuthEnforcement(false);
  const plan = buildAccessPlan(parseSpec(SPEC, "crossrole.yaml"), "crossrole.yaml");
  const user = await createUserWithKey(emulator, BUILD, "ci", plan.build.grantPolicy);
  for (const target of plan.targets) {
    await createRole(emulator, TARGET, {
      name: target.roleName,
      trustPolicy: target.trustPolicy,
      ...(target.permissionPolicy === undefined
        ? {}
        : { inlinePolicies: { "crossrole-permissions": target.permissionPolicy } }),
    });
  }
  await emulator.setAuthEnforcement(true);
  const sandbox = await createSandbox(emulator, { region: "us-east-1" });
  const specPath = join(sandbox.dir, "crossrole.yaml");
  await writeFile(specPath, SPEC);
  const env = {
    ...sandbox.env,
    AWS_ACCESS_KEY_ID: user.accessKeyId,
    AWS_SECRET_ACCESS_KEY: user.secretAccessKey,
    CROSSROLE_CONFIG: specPath,
  };
  return { sandbox, env, specPath, dockerConfig: join(sandbox.env.DOCKER_CONFIG as string, "config.json") };
}

/** Outcome of a child process. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Whether skopeo, the real OCI client that reads the docker config and credential helper crossrole writes, runs
 * here (else the caller's `tests` are skipped, with the reason printed). .ci/run installs it.
 */
export function skopeoRuns(tests: string): boolean {
  return optionalTool("skopeo", tests, { ciInstalls: true, install: "apt-get install skopeo" });
}

/** Runs `node script args` with exactly `env`, `input` on stdin. */
export function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  input = "",
): Promise<Run> {
  return runProcess(process.execPath, [script, ...args], env, input);
}

/** Runs any command with exactly `env`. */
export async function runProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  input = "",
): Promise<Run> {
  const { code, stdout, stderr } = await runProcessWith(command, args, { env, input, timeoutMs: 45_000 });
  return { code, stdout, stderr };
}
