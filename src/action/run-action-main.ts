import { AwsAuthError } from "../core/errors.js";
import { maskExternalId } from "../core/identifiers/mask-external-id.js";
import { credentialEnvVariables } from "../core/session/credential-env-variables.js";
import { formatExpiration } from "../core/session/format-expiration.js";
import { setManagedProfiles } from "../outputs/ini/managed-profile.js";
import { resolveDockerConfigPath } from "../outputs/read-docker-config.js";
import { resolveAwsProfileFiles, writeAwsProfile } from "../outputs/write-aws-profile.js";
import type { AssumeTargetResult, AssumeTargetSource } from "../workflows/assume-target.js";
import { assumeTarget } from "../workflows/assume-target.js";
import { ecrLogin } from "../workflows/ecr-login.js";
import { type ActionInputs, readActionInputs } from "./action-inputs.js";
import { type ActionRoles, nonEmpty, resolveActionRoles } from "./action-roles.js";
import { ACTION_STATE } from "./action-state.js";
import { renderJobSummary, type SummaryRole } from "./job-summary.js";
import type { RunnerCommands } from "./runner-commands.js";
import type { ServeHandOff } from "./serve-in-background.js";

/** The variables the BUILD credentials may be in, which `unset-current-credentials` drops. */
const CURRENT_CREDENTIALS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] as const;

/** What the main step needs from its process. */
export interface ActionMainContext {
  runner: RunnerCommands;
  /** The step's environment: the AWS SDK reads process.env itself, so this is process.env (changed in place). */
  env: Record<string, string | undefined>;
  cwd: string;
  version: string;
  /** Starts the credential endpoint that outlives the step (export: serve). */
  startServe: (env: Record<string, string | undefined>) => Promise<ServeHandOff>;
}

/**
 * The action's main step: assumes each role with the job's BUILD credentials (keys in the environment, a web
 * identity token, whatever the SDK's chain finds), checks the accounts against `allowed-account-ids`, masks every
 * secret before it is written, hands the credentials on as `export` says, logs in to ECR when asked, and records
 * in $GITHUB_STATE what the post step must clear. Ends with a short job summary (roles, sessions, expiration,
 * registries, the ExternalId masked; never a secret).
 */
export async function runActionMain(ctx: ActionMainContext): Promise<void> {
  const { runner, env } = ctx;
  const inputs = readActionInputs(runner);
  if (inputs.unsetCurrentCredentials) for (const name of CURRENT_CREDENTIALS) delete env[name];
  const roles = resolveActionRoles(inputs, env, ctx.cwd, ctx.version);
  const { sources, base, cacheDir } = roles;
  // One cache directory per job, shared with later crossrole steps; the post step clears what this one cached.
  env.CROSSROLE_CACHE_DIR = cacheDir;
  runner.exportVariable("CROSSROLE_CACHE_DIR", cacheDir);
  runner.saveState(ACTION_STATE.cacheDir, cacheDir);
  if (roles.specFile !== undefined) {
    // Later `crossrole` steps of the job use the same spec.
    env.CROSSROLE_CONFIG = roles.specFile;
    runner.exportVariable("CROSSROLE_CONFIG", roles.specFile);
  }

  const summaryRoles: SummaryRole[] = [];
  let registries: string[] = [];
  if (inputs.export === "serve") {
    const source = sources[0] as AssumeTargetSource;
    const served = await ctx.startServe(env);
    runner.saveState(ACTION_STATE.servePid, String(served.pid));
    runner.mask(served.token);
    try {
      guardAccount(inputs, runner, served.roleArn);
    } catch (error) {
      process.kill(served.pid, "SIGTERM");
      throw error;
    }
    for (const [name, value] of Object.entries(served.environment)) runner.exportVariable(name, value);
    runner.info(
      `crossrole: serving ${served.roleArn} (${describe(source)}) on ${served.url} until the job ends`,
    );
    runner.setOutput("role-arn", served.roleArn);
    runner.setOutput("session-arn", served.assumedRoleArn ?? "");
    runner.setOutput("expiration", served.expiration);
    for (const warning of served.warnings) runner.warning(warning);
    summaryRoles.push({
      target: source.kind === "spec" ? source.target : undefined,
      roleArn: served.roleArn,
      sessionArn: served.assumedRoleArn,
      expiration: served.expiration,
      maskedExternalId: served.maskedExternalId,
    });
  }

  const results: AssumeTargetResult[] = [];
  const assumedRoles: string[] = [];
  if (inputs.export !== "serve") {
    for (const target of sources) {
      const result = await assumeTarget({ ...base, target });
      assumedRoles.push(result.roleArn);
      runner.saveState(ACTION_STATE.roleArns, JSON.stringify(assumedRoles));
      guardAccount(inputs, runner, result.roleArn);
      maskCredentials(runner, result);
      for (const warning of result.warnings) runner.warning(warning);
      results.push(result);
      summaryRoles.push({
        target: result.targetName,
        roleArn: result.roleArn,
        sessionArn: result.assumedRoleArn,
        expiration: formatExpiration(result.expiration),
        maskedExternalId: result.externalId === undefined ? undefined : maskExternalId(result.externalId),
      });
    }
    await exportCredentials(ctx, inputs, results, roles);
    runner.setOutput("role-arn", results.map((r) => r.roleArn).join(","));
    runner.setOutput("session-arn", results.map((r) => r.assumedRoleArn ?? "").join(","));
    runner.setOutput("expiration", results.map((r) => formatExpiration(r.expiration)).join(","));
    if (inputs.outputCredentials) {
      const credentials = (results[0] as AssumeTargetResult).credentials;
      runner.setOutput("aws-access-key-id", credentials.accessKeyId);
      runner.setOutput("aws-secret-access-key", credentials.secretAccessKey);
      runner.setOutput("aws-session-token", credentials.sessionToken ?? "");
    }
  }

  if (inputs.ecrLogin) {
    const dockerConfigPath = resolveDockerConfigPath(env, roles.home);
    const first = sources[0] as AssumeTargetSource;
    const logged = await ecrLogin({
      assume: base,
      source: first.kind === "role" ? first : { kind: "spec", file: first.file },
      targetNames: inputs.targets,
      registryIds: [],
      region: inputs.region,
      version: ctx.version,
      write: "config",
      dockerConfigPath,
    });
    const hosts = logged.logins.map((l) => l.host);
    runner.saveState(ACTION_STATE.dockerConfig, dockerConfigPath);
    runner.saveState(ACTION_STATE.dockerHosts, JSON.stringify(hosts));
    for (const login of logged.logins) {
      runner.mask(login.password);
      if (!assumedRoles.includes(login.roleArn)) assumedRoles.push(login.roleArn);
    }
    runner.saveState(ACTION_STATE.roleArns, JSON.stringify(assumedRoles));
    for (const notice of logged.notices) runner.info(`crossrole: ${notice}`);
    runner.info(`crossrole: logged in to ${hosts.join(", ")} (${dockerConfigPath})`);
    runner.setOutput("registries", hosts.join(","));
    registries = hosts;
  }
  runner.summary(
    renderJobSummary({
      roles: summaryRoles,
      exportMode: inputs.export,
      registries,
      maskAccountIds: inputs.maskAccountId,
    }),
  );
}

// --- internal ---

/** `allowed-account-ids`: the role's account must be one of them, checked before anything is handed on. */
function guardAccount(inputs: ActionInputs, runner: RunnerCommands, roleArn: string): void {
  const account = /^arn:[\w-]+:iam::(\d{12}):/.exec(roleArn)?.[1] ?? "";
  if (inputs.maskAccountId) runner.mask(account);
  if (inputs.allowedAccountIds.length > 0 && !inputs.allowedAccountIds.includes(account)) {
    throw new AwsAuthError(
      "ACCOUNT_NOT_ALLOWED",
      `the role is in account ${account}, which allowed-account-ids does not list; nothing was exported.`,
      { hint: "Fix the target (or role-arn), or add the account to allowed-account-ids." },
    );
  }
}

function maskCredentials(runner: RunnerCommands, result: AssumeTargetResult): void {
  runner.mask(result.credentials.accessKeyId);
  runner.mask(result.credentials.secretAccessKey);
  runner.mask(result.credentials.sessionToken ?? "");
}

async function exportCredentials(
  ctx: ActionMainContext,
  inputs: ActionInputs,
  results: readonly AssumeTargetResult[],
  roles: ActionRoles,
): Promise<void> {
  const { runner, env } = ctx;
  const { sources } = roles;
  if (inputs.export === "env") {
    const result = results[0] as AssumeTargetResult;
    const credentials = { ...result.credentials, expiration: result.expiration };
    for (const { name, value } of credentialEnvVariables({ credentials, region: result.region })) {
      runner.exportVariable(name, value);
    }
    // A profile chosen earlier in the job would win over the keys for tools that read AWS_PROFILE first.
    if (nonEmpty(env.AWS_PROFILE) !== undefined) runner.exportVariable("AWS_PROFILE", "");
    runner.info(`crossrole: ${summary(result)}; AWS_* variables set for the next steps`);
  } else if (inputs.export === "profile") {
    const files = resolveAwsProfileFiles({ env, homeDir: roles.home, cwd: roles.cwd });
    const names: string[] = [];
    for (const [i, result] of results.entries()) {
      const name = profileName(sources[i] as AssumeTargetSource, result);
      const origin = `GitHub Action, ${describe(sources[i] as AssumeTargetSource)}`;
      const c = result.credentials;
      // Temporary keys under the target's name, valid as long as the session: works whatever the BUILD side is.
      await writeAwsProfile(files.credentialsFile, (doc) =>
        setManagedProfiles(
          doc,
          "credentials",
          [
            {
              name,
              origin,
              entries: [
                { key: "aws_access_key_id", value: c.accessKeyId },
                { key: "aws_secret_access_key", value: c.secretAccessKey },
                { key: "aws_session_token", value: c.sessionToken },
              ],
            },
          ],
          { force: false, file: files.credentialsFile },
        ),
      );
      names.push(name);
      runner.saveState(ACTION_STATE.profiles, JSON.stringify({ ...files, names }));
      await writeAwsProfile(files.configFile, (doc) =>
        setManagedProfiles(
          doc,
          "config",
          [{ name, origin, entries: [{ key: "region", value: result.region }] }],
          {
            force: false,
            file: files.configFile,
          },
        ),
      );
      runner.info(`crossrole: ${summary(result)}; profile ${name} written (aws --profile ${name} ...)`);
    }
  } else {
    for (const result of results) runner.info(`crossrole: ${summary(result)}`);
  }
}

/** The profile's name: the spec target's, else the role's name. */
function profileName(source: AssumeTargetSource, result: AssumeTargetResult): string {
  if (source.kind === "spec") return source.target;
  return result.roleArn.slice(result.roleArn.lastIndexOf("/") + 1);
}

function describe(source: AssumeTargetSource): string {
  return source.kind === "spec" ? `target ${source.target}` : "role-arn";
}

function summary(result: AssumeTargetResult): string {
  const how = result.fromCache ? "cached session of" : "assumed";
  return `${how} ${result.roleArn} as ${result.sessionName}, until ${formatExpiration(result.expiration)}`;
}
