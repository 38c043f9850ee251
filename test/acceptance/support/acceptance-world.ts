import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CreateRepositoryCommand } from "@aws-sdk/client-ecr";
import { CreateAccessKeyCommand, CreateUserCommand } from "@aws-sdk/client-iam";
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  PutBucketTaggingCommand,
} from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { runProcess } from "../../support/run-process.js";
import { AcceptanceReport } from "./acceptance-report.js";
import { type AccountClients, clientsWith, profileClients } from "./account-clients.js";
import { removeRunResources } from "./remove-run-resources.js";
import { newRunId, RUN_TAG_KEY, runPrefix } from "./run-id.js";
import type { AcceptanceSettings } from "./settings.js";
import { outcomeOf, waitFor } from "./wait-for.js";

const CLI = resolve(import.meta.dirname, "../../../dist/crossrole.cjs");

/** A static access key (the BUILD user's). */
export interface AccessKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Everything one run set up, and how to drive the CLI in it. */
export interface AcceptanceWorld {
  readonly settings: AcceptanceSettings;
  readonly runId: string;
  readonly prefix: string;
  readonly report: AcceptanceReport;
  readonly target: AccountClients;
  readonly build: AccountClients;
  readonly builderName: string;
  readonly builderArn: string;
  /** The BUILD user's current key (rotate build-key replaces it). */
  builderKey: AccessKeyPair;
  readonly repository: string;
  readonly bucket: string;
  readonly roleName: string;
  readonly roleArn: string;
  readonly dir: string;
  readonly spec: string;
  readonly tags: Array<{ Key: string; Value: string }>;
  /** Clients signed with the BUILD user's current key. */
  builderClients(): ReturnType<typeof clientsWith>;
  /** Runs the built CLI as the build server (the BUILD user's keys in the env, a private HOME). */
  asBuild(test: string, args: string[], extraEnv?: Record<string, string>): Promise<CliRun>;
  /**
   * Runs the built CLI as a keyless CI job: a private HOME with empty AWS files, no keys and no profile, only
   * `jobEnv` (the SDKs' web identity convention: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN).
   */
  asJob(test: string, args: string[], jobEnv: Record<string, string>): Promise<CliRun>;
  /** Runs the built CLI as an admin (the admin profiles' files; the BUILD user's keys for proofs). */
  asAdmin(test: string, args: string[]): Promise<CliRun>;
  /** The admin profile flags. */
  readonly adminFlags: string[];
  /** Removes everything this run created (also on failure). */
  cleanup(): Promise<void>;
}

/** One CLI run. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Sets up a run: the two admin identities, a BUILD user with a key, an ECR repository and a bucket (tagged). */
export async function createAcceptanceWorld(
  settings: AcceptanceSettings,
  version: string,
): Promise<AcceptanceWorld> {
  const runId = newRunId();
  const prefix = runPrefix(runId);
  const report = new AcceptanceReport({
    runId,
    startedAt: new Date().toISOString(),
    against: settings.endpoint ? "endpoint" : "aws",
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    region: settings.region,
    accounts: {},
    crossroleVersion: version,
    node: process.version,
  });
  console.log(`[aws acceptance] run ${runId}: names start with ${prefix}, tag ${RUN_TAG_KEY}=${runId}`);
  const target = await profileClients(settings, settings.targetProfile);
  const build = await profileClients(settings, settings.buildProfile);
  report.document.accounts = { target: target.accountId, build: build.accountId };
  if (target.accountId === build.accountId) {
    throw new Error(
      `CROSSROLE_TEST_TARGET_PROFILE and CROSSROLE_TEST_BUILD_PROFILE are both account ${target.accountId}: give two accounts.`,
    );
  }
  const tags = [{ Key: RUN_TAG_KEY, Value: runId }];
  const dir = await mkdtemp(join(tmpdir(), `crossrole-acceptance-${runId}-`));
  const home = join(dir, "home");
  await mkdir(join(home, ".aws"), { recursive: true });
  await mkdir(join(dir, "work"), { recursive: true });
  await writeFile(join(home, ".aws", "config"), "");
  await writeFile(join(home, ".aws", "credentials"), "");

  const cleanupTasks: Array<() => Promise<void>> = [];
  const world: AcceptanceWorld = {
    settings,
    runId,
    prefix,
    report,
    target,
    build,
    builderName: `${prefix}builder`,
    builderArn: `arn:aws:iam::${build.accountId}:user/${prefix}builder`,
    builderKey: { accessKeyId: "", secretAccessKey: "" },
    repository: `${prefix}app`,
    bucket: `${prefix}artifacts`,
    roleName: `${prefix}role`,
    roleArn: `arn:aws:iam::${target.accountId}:role/${prefix}role`,
    dir,
    spec: join(dir, "work", "crossrole.yaml"),
    tags,
    adminFlags: ["--target-profile", settings.targetProfile, "--build-profile", settings.buildProfile],
    builderClients() {
      return clientsWith(settings, { ...world.builderKey });
    },
    asBuild(test, args, extraEnv = {}) {
      return runCli(world, test, args, {
        ...baseEnv(settings, dir),
        HOME: home,
        AWS_CONFIG_FILE: join(home, ".aws", "config"),
        AWS_SHARED_CREDENTIALS_FILE: join(home, ".aws", "credentials"),
        AWS_ACCESS_KEY_ID: world.builderKey.accessKeyId,
        AWS_SECRET_ACCESS_KEY: world.builderKey.secretAccessKey,
        ...extraEnv,
      });
    },
    asJob(test, args, jobEnv) {
      return runCli(world, test, args, {
        ...baseEnv(settings, dir),
        HOME: home,
        AWS_CONFIG_FILE: join(home, ".aws", "config"),
        AWS_SHARED_CREDENTIALS_FILE: join(home, ".aws", "credentials"),
        ...jobEnv,
      });
    },
    asAdmin(test, args) {
      return runCli(world, test, args, {
        ...baseEnv(settings, dir),
        AWS_CONFIG_FILE: settings.configFile,
        AWS_SHARED_CREDENTIALS_FILE: settings.credentialsFile,
        AWS_ACCESS_KEY_ID: world.builderKey.accessKeyId,
        AWS_SECRET_ACCESS_KEY: world.builderKey.secretAccessKey,
      });
    },
    async cleanup() {
      const removed: string[] = [];
      const failed: string[] = [];
      for (const clients of [target, build]) {
        const outcome = await removeRunResources(clients, (id) => id === runId);
        removed.push(...outcome.removed.map((what) => `${clients.accountId} ${what}`));
        failed.push(...outcome.failed.map((what) => `${clients.accountId} ${what}`));
      }
      for (const task of cleanupTasks) await task();
      report.document.cleanup = { removed, failed };
      console.log(`[aws acceptance] cleanup: removed ${removed.length} (${removed.join(", ")})`);
      if (failed.length > 0) console.warn(`[aws acceptance] cleanup FAILED for: ${failed.join("; ")}`);
      target.destroy();
      build.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };

  try {
    // BUILD: the build servers' user and its key, as the BUILD admin would make them.
    await build.iam.send(new CreateUserCommand({ UserName: world.builderName, Tags: tags }));
    const key = await build.iam.send(new CreateAccessKeyCommand({ UserName: world.builderName }));
    world.builderKey = {
      accessKeyId: key.AccessKey?.AccessKeyId ?? "",
      secretAccessKey: key.AccessKey?.SecretAccessKey ?? "",
    };
    const builder = world.builderClients();
    cleanupTasks.push(async () => builder.destroy());
    await waitFor(
      report,
      "a new access key signs requests (STS GetCallerIdentity)",
      () => outcomeOf(() => builder.sts.send(new GetCallerIdentityCommand({}))),
      (outcome) => outcome.ok,
    );
    // OURTHING: what the builds need to reach (free while empty).
    await target.ecr.send(new CreateRepositoryCommand({ repositoryName: world.repository, tags }));
    await target.s3.send(
      new CreateBucketCommand({
        Bucket: world.bucket,
        ...(settings.region === "us-east-1"
          ? {}
          : {
              CreateBucketConfiguration: { LocationConstraint: settings.region as BucketLocationConstraint },
            }),
      }),
    );
    await target.s3.send(new PutBucketTaggingCommand({ Bucket: world.bucket, Tagging: { TagSet: tags } }));
  } catch (error) {
    await world.cleanup();
    throw error;
  }
  return world;
}

// --- internal ---

/**
 * The caller's environment without any credential, web identity or profile selection (a suite run inside a CI job
 * must not hand the job's own identity to crossrole), plus the run's own cache and docker dirs. */
function baseEnv(settings: AcceptanceSettings, dir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (
      /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|SECURITY_TOKEN|PROFILE|DEFAULT_PROFILE|WEB_IDENTITY_TOKEN_FILE|ROLE_ARN|ROLE_SESSION_NAME)$/.test(
        name,
      )
    )
      continue;
    if (name.startsWith("CROSSROLE_")) continue;
    env[name] = value;
  }
  env.AWS_REGION = settings.region;
  env.CROSSROLE_CACHE_DIR = join(dir, "cache");
  env.DOCKER_CONFIG = join(dir, "docker");
  return env;
}

async function runCli(
  world: AcceptanceWorld,
  test: string,
  args: string[],
  env: Record<string, string>,
): Promise<CliRun> {
  const started = performance.now();
  const run = await runProcess(process.execPath, [CLI, ...args], {
    env,
    cwd: join(world.dir, "work"),
    ignoreStdin: true,
    timeoutMs: 300_000,
  });
  const ms = Math.round(performance.now() - started);
  const shown = args.map((arg) => (arg === world.builderKey.secretAccessKey ? "***" : arg)).join(" ");
  world.report.command(test, `crossrole ${shown}`, run.code, ms);
  console.log(`[aws acceptance] crossrole ${shown} → exit ${run.code} in ${ms} ms`);
  return { code: run.code, stdout: run.stdout, stderr: run.stderr };
}
