// The acceptance suite: crossrole's whole story, and the questions only AWS can settle, against whatever AWS the
// environment names (see support/settings.ts). Every step drives the built CLI (dist/) as a user would; setup and
// checks use only public AWS APIs with the two admin profiles.
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GetAuthorizationTokenCommand } from "@aws-sdk/client-ecr";
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  ListAccessKeysCommand,
  ListOpenIDConnectProvidersCommand,
  ListOpenIDConnectProviderTagsCommand,
  ListUserPoliciesCommand,
  PutUserPolicyCommand,
  TagOpenIDConnectProviderCommand,
  TagRoleCommand,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
} from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument, stringify } from "yaml";
import { issuerProviderUrl } from "../../src/core/identifiers/oidc-issuers.js";
import { resolveAwsCli } from "../emulator/real-clients.js";
import { runProcess } from "../support/run-process.js";
import { requestIdOf, requestIdsIn } from "./support/acceptance-report.js";
import { type AcceptanceWorld, createAcceptanceWorld } from "./support/acceptance-world.js";
import { clientsWith } from "./support/account-clients.js";
import { RUN_TAG_KEY } from "./support/run-id.js";
import { explainKeylessSkip, readKeylessSettings, readSettings } from "./support/settings.js";
import { outcomeOf, waitFor } from "./support/wait-for.js";
import { readTokenClaims, readWebIdentityToken } from "./support/web-identity-token.js";

const settings = readSettings();
/** Keyless builds' token source (CROSSROLE_TEST_OIDC_*), or what is missing. */
const keyless = readKeylessSettings();
/** No AWS_ENDPOINT_URL: the real thing. */
const ON_REAL_AWS = !("missing" in settings) && settings.endpoint === undefined;

/**
 * How many AssumeRole sessions the emulator has issued, when AWS_ENDPOINT_URL is a moto server (an optional
 * capability: undefined on real AWS, where nothing answers /moto-api/data.json).
 */
async function emulatorSessionCount(): Promise<number | undefined> {
  if ("missing" in settings || !settings.endpoint) return undefined;
  try {
    const response = await fetch(new URL("/moto-api/data.json", settings.endpoint), {
      signal: AbortSignal.timeout(5_000),
    });
    if (response.status !== 200) return undefined;
    const data = (await response.json()) as { sts?: { AssumedRole?: unknown[] } };
    return data.sts?.AssumedRole?.length;
  } catch {
    return undefined;
  }
}

/** The SDK names AWS's error code `X` as `X` or (modelled errors) `XException`. */
function awsError(error: Error, code: string): boolean {
  return error.name === code || error.name === `${code}Exception`;
}
const version = (
  JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;
const TARGET = "ourthing";

let world: AcceptanceWorld;
/** The ExternalId the spec holds now (rotate external-id changes it). */
let externalId = "";
/** A session issued before revoke (its credentials), to prove aws:TokenIssueTime revocation. */
let oldSession: { accessKeyId: string; secretAccessKey: string; sessionToken: string } | undefined;

describe.skipIf("missing" in settings)("crossrole against AWS", () => {
  if ("missing" in settings) return;

  beforeAll(async () => {
    world = await createAcceptanceWorld(settings, version);
  }, 300_000);

  afterAll(async () => {
    if (!world) return;
    try {
      await world.cleanup();
    } finally {
      await world.report.write(settings.reportFile);
    }
  }, 600_000);

  /** Records an assertion in the report, then makes it. */
  function settle(
    test: string,
    asserted: string,
    passed: boolean,
    observed: string,
    evidence: unknown[] = [],
    question?: string,
  ): void {
    const requestIds = evidence.map(requestIdOf).filter((id): id is string => id !== undefined);
    world.report.assertion({
      test,
      ...(question ? { question } : {}),
      asserted,
      passed,
      observed,
      requestIds,
    });
    expect(passed, `${asserted}; observed: ${observed}`).toBe(true);
  }

  /**
   * Exit 0: done and proven by crossrole itself. On real AWS a 4 ("done, not proven") is accepted and reported:
   * crossrole's own proof waits about 15 s, and IAM may take longer to propagate; the suite's own bounded wait then
   * settles it. Against an endpoint (the emulator) only 0 passes.
   */
  function expectDoneAndProven(
    test: string,
    run: { code: number | null; stdout: string; stderr: string },
  ): void {
    if (run.code === 4 && ON_REAL_AWS) {
      world.report.assertion({
        test,
        asserted: "observation: crossrole's own proof saw the change within its wait (about 15 s)",
        passed: true,
        observed: `no: exit 4 (IAM propagation took longer); ${run.stdout.trim().split("\n").slice(-2).join(" | ")}`,
        requestIds: [],
      });
      return;
    }
    expect(run.code, run.stdout + run.stderr).toBe(0);
  }

  function assumeWithKey(extra: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> = {}) {
    const clients = world.builderClients();
    return outcomeOf(() =>
      clients.sts.send(
        new AssumeRoleCommand({
          RoleArn: world.roleArn,
          RoleSessionName: `${world.prefix}probe`.slice(0, 64),
          ExternalId: externalId,
          ...extra,
        }),
      ),
    ).finally(() => clients.destroy());
  }

  /** The ARN of the BUILD account's OIDC provider whose ARN ends with `suffix` (`:oidc-provider/HOST`), if any. */
  async function findProvider(suffix: string): Promise<string | undefined> {
    const listed = await world.build.iam.send(new ListOpenIDConnectProvidersCommand({}));
    return (listed.OpenIDConnectProviderList ?? [])
      .map((p) => p.Arn ?? "")
      .find((arn) => arn.endsWith(suffix));
  }

  // First, because CI platforms' tokens live minutes (GitHub's about five): the rest of the suite takes longer.
  it("keyless (OIDC) builds: a job with only a web identity token assumes the target; another subject is refused", async (context) => {
    if ("missing" in keyless) {
      world.report.skip("keyless", explainKeylessSkip(keyless.missing));
      context.skip();
      return;
    }
    const claims = await readTokenClaims(keyless, 120);
    const issuer = claims.iss;
    const providerSuffix = `:oidc-provider/${issuerProviderUrl(issuer)}`;
    const providerArn = `arn:aws:iam::${world.build.accountId}${providerSuffix}`;
    // The provider is one per issuer per account, and may be someone else's: the suite uses only one it sees
    // crossrole create in this run (and so may delete), never one that was there before.
    const before = await findProvider(providerSuffix);
    if (before !== undefined) {
      const tags = (
        await world.build.iam.send(
          new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: before }),
        )
      ).Tags;
      const run = tags?.find((tag) => tag.Key === RUN_TAG_KEY)?.Value;
      world.report.skip(
        "keyless",
        `the BUILD account already has an IAM OIDC provider for ${issuer} (${before})${run ? `, left by run ${run}: npm run test:aws:sweep removes it an hour after that run started` : ", which this suite did not create: it never uses or deletes such a provider; run it with a BUILD account without one, or with an issuer of your own (CROSSROLE_TEST_OIDC_PROVIDER=https://…)"}`,
      );
      context.skip();
      return;
    }
    const buildRoleName = `${world.prefix}keyless-build`;
    const buildRoleArn = `arn:aws:iam::${world.build.accountId}:role/${buildRoleName}`;
    const targetRoleName = `${world.prefix}keyless-role`;
    const targetRoleArn = `arn:aws:iam::${world.target.accountId}:role/${targetRoleName}`;
    const keylessExternalId = `crossrole-keyless-${randomBytes(12).toString("hex")}`;
    const specFile = join(world.dir, "work", "keyless.yaml");
    const writeSpec = (subject: string) =>
      writeFile(
        specFile,
        stringify({
          version: 1,
          region: settings.region,
          build: {
            account: world.build.accountId,
            principal: `role/${buildRoleName}`,
            oidc: { provider: keyless.provider, audience: claims.audience, subjects: [subject] },
          },
          targets: {
            [TARGET]: {
              account: world.target.accountId,
              role: targetRoleName,
              externalId: keylessExternalId,
              tags: { [RUN_TAG_KEY]: world.runId },
            },
          },
        }),
      );
    world.report.document.keyless = {
      issuer,
      subject: claims.sub,
      audience: claims.audience,
      providerArn,
      buildRoleArn,
      targetRoleArn,
    };
    /** Tags what crossrole created for the BUILD account with the run, so clean-up and sweep find it. */
    const tagRun = async () => {
      if ((await findProvider(providerSuffix)) !== undefined) {
        await world.build.iam.send(
          new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn, Tags: world.tags }),
        );
      }
      const role = await outcomeOf(() =>
        world.build.iam.send(new GetRoleCommand({ RoleName: buildRoleName })),
      );
      if (role.ok)
        await world.build.iam.send(new TagRoleCommand({ RoleName: buildRoleName, Tags: world.tags }));
    };

    await writeSpec(keyless.subject);
    const applied = await world.asAdmin("keyless apply", [
      "apply",
      "-c",
      specFile,
      ...world.adminFlags,
      "--yes",
    ]);
    await tagRun(); // before any assertion: a failed step must not leave the provider behind
    expectDoneAndProven("keyless apply", applied);
    const provider = await world.build.iam.send(
      new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }),
    );
    settle(
      "keyless apply",
      "apply created the IAM OIDC provider for the issuer, with the token's audience as client ID and managed-by=crossrole",
      (provider.ClientIDList ?? []).includes(claims.audience) &&
        (provider.Tags ?? []).some((tag) => tag.Key === "managed-by" && tag.Value === "crossrole"),
      `client IDs ${(provider.ClientIDList ?? []).join(", ")}; tags ${(provider.Tags ?? []).map((t) => `${t.Key}=${t.Value}`).join(", ")}`,
      [provider],
    );

    const sts = new STSClient({
      region: settings.region,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    });
    try {
      const webIdentity = async () =>
        sts.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: buildRoleArn,
            RoleSessionName: `${world.prefix}probe`.slice(0, 64),
            WebIdentityToken: await readWebIdentityToken(keyless.tokenFile),
          }),
        );
      // Both hops, as crossrole makes them: the token to the BUILD role, then the target with the ExternalId.
      const chain = () =>
        outcomeOf(async () => {
          const c = (await webIdentity()).Credentials;
          const hop = clientsWith(settings, {
            accessKeyId: c?.AccessKeyId ?? "",
            secretAccessKey: c?.SecretAccessKey ?? "",
            sessionToken: c?.SessionToken ?? "",
          });
          try {
            return await hop.sts.send(
              new AssumeRoleCommand({
                RoleArn: targetRoleArn,
                RoleSessionName: `${world.prefix}probe`.slice(0, 64),
                ExternalId: keylessExternalId,
              }),
            );
          } finally {
            hop.destroy();
          }
        });
      await waitFor(
        world.report,
        "a new OIDC provider, BUILD role and target role admit the token (AssumeRoleWithWebIdentity, then AssumeRole)",
        chain,
        (outcome) => outcome.ok,
      );

      const job = {
        AWS_WEB_IDENTITY_TOKEN_FILE: keyless.tokenFile,
        AWS_ROLE_ARN: buildRoleArn,
        AWS_ROLE_SESSION_NAME: `${world.prefix}job`.slice(0, 64),
      };
      const assumed = await world.asJob(
        "keyless assume",
        ["assume", TARGET, "-c", specFile, "--format", "dotenv"],
        job,
      );
      expect(assumed.code, assumed.stderr).toBe(0);
      const credentials = Object.fromEntries(
        assumed.stdout
          .split("\n")
          .filter((line) => /^AWS_[A-Z_]+=/.test(line))
          .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
      );
      const session = clientsWith(settings, {
        accessKeyId: credentials.AWS_ACCESS_KEY_ID ?? "",
        secretAccessKey: credentials.AWS_SECRET_ACCESS_KEY ?? "",
        sessionToken: credentials.AWS_SESSION_TOKEN ?? "",
      });
      try {
        const me = await session.sts.send(new GetCallerIdentityCommand({}));
        settle(
          "keyless assume",
          "a job with only AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (no keys, no profile) gets a session of the target role",
          (me.Arn ?? "").startsWith(`arn:aws:sts::${world.target.accountId}:assumed-role/${targetRoleName}/`),
          me.Arn ?? "",
          [me],
          "Does AWS admit crossrole's keyless chain: the CI token to the BUILD role (web identity trust on aud and sub), then the target role with the ExternalId?",
        );
      } finally {
        session.destroy();
      }
      const aws = await resolveAwsCli();
      const [command, ...prefix] = aws;
      const cliEnv: Record<string, string> = {
        PATH: process.env.PATH ?? "",
        HOME: join(world.dir, "home"),
        AWS_CONFIG_FILE: join(world.dir, "home", ".aws", "config"),
        AWS_SHARED_CREDENTIALS_FILE: join(world.dir, "home", ".aws", "credentials"),
        AWS_DEFAULT_REGION: settings.region,
        ...credentials,
        ...(settings.endpoint ? { AWS_ENDPOINT_URL: settings.endpoint } : {}),
      };
      const probe = command
        ? await runProcess(command, [...prefix, "--version"], { env: cliEnv }).catch(() => undefined)
        : undefined;
      if (!command || probe?.code !== 0) {
        world.report.skip("keyless + aws CLI", "no aws CLI here (set CROSSROLE_AWS_CLI or put aws on PATH)");
      } else {
        const who = await runProcess(command, [...prefix, "sts", "get-caller-identity", "--output", "json"], {
          env: cliEnv,
          timeoutMs: 60_000,
        });
        const arn = who.code === 0 ? (JSON.parse(who.stdout) as { Arn: string }).Arn : who.stderr.trim();
        settle(
          "keyless + aws CLI",
          "the aws CLI, given the credentials keyless assume printed (dotenv), is the target role's session",
          arn.startsWith(`arn:aws:sts::${world.target.accountId}:assumed-role/${targetRoleName}/`),
          arn,
        );
      }

      // The same spec with another subject: the token's own sub is no longer admitted at the BUILD hop.
      await writeSpec(`${keyless.subject}-not-this-job`);
      const narrowed = await world.asAdmin("keyless apply", [
        "apply",
        "-c",
        specFile,
        ...world.adminFlags,
        "--yes",
      ]);
      expectDoneAndProven("keyless apply (another subject)", narrowed);
      await waitFor(
        world.report,
        "a BUILD role trust naming another subject refuses the token (AssumeRoleWithWebIdentity)",
        () => outcomeOf(webIdentity),
        (outcome) => !outcome.ok,
      );
      const refused = await world.asJob(
        "keyless assume",
        ["assume", TARGET, "-c", specFile, "--no-cache"],
        job,
      );
      settle(
        "keyless: another subject",
        "with a spec whose subject is not the token's, assume is refused at the BUILD hop (exit 3, nothing on stdout, the hint names build.oidc.subjects)",
        refused.code === 3 && refused.stdout === "" && refused.stderr.includes("build.oidc.subjects"),
        `exit ${refused.code}; ${refused.stderr.trim().split("\n")[0] ?? ""}`,
        [],
        "Does AWS refuse AssumeRoleWithWebIdentity when the token's sub is not one the BUILD role's trust names?",
      );
    } finally {
      sts.destroy();
    }

    const destroyed = await world.asAdmin("keyless destroy", [
      "destroy",
      "-c",
      specFile,
      ...world.adminFlags,
      "--yes",
    ]);
    expect(destroyed.code, destroyed.stdout + destroyed.stderr).toBe(0);
    const providerAfter = await outcomeOf(() =>
      world.build.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn })),
    );
    const roleAfter = await outcomeOf(() =>
      world.build.iam.send(new GetRoleCommand({ RoleName: buildRoleName })),
    );
    settle(
      "keyless destroy",
      "destroy removed the BUILD role and the OIDC provider crossrole created",
      !providerAfter.ok &&
        awsError(providerAfter.error, "NoSuchEntity") &&
        !roleAfter.ok &&
        awsError(roleAfter.error, "NoSuchEntity"),
      `provider: ${providerAfter.ok ? "exists" : providerAfter.error.name}; BUILD role: ${roleAfter.ok ? "exists" : roleAfter.error.name}`,
      [
        providerAfter.ok ? providerAfter.value : providerAfter.error,
        roleAfter.ok ? roleAfter.value : roleAfter.error,
      ],
    );
  });

  it("init writes a spec with a generated ExternalId", async () => {
    const run = await world.asAdmin("init", [
      "init",
      "--out",
      world.spec,
      "--build-account",
      world.build.accountId,
      "--build-principal",
      `user/${world.builderName}`,
      "--target",
      `${TARGET}=${world.target.accountId}`,
      "--role",
      world.roleName,
      "--region",
      settings.region,
    ]);
    expect(run.code, run.stderr).toBe(0);
    // What the builds need, the run tag on the role, and the session-tag/source-identity statements.
    const doc = parseDocument(await readFile(world.spec, "utf8"));
    doc.setIn(["targets", TARGET, "permissions"], {
      ecr: { push: [world.repository] },
      s3: { write: [`${world.bucket}/builds/`] },
    });
    doc.setIn(["targets", TARGET, "tags"], { "crossrole-test-run": world.runId });
    doc.setIn(["targets", TARGET, "allowSessionTags"], true);
    doc.setIn(["targets", TARGET, "allowSourceIdentity"], true);
    await writeFile(world.spec, doc.toString());
    externalId = String(doc.getIn(["targets", TARGET, "externalId"]));
    settle(
      "init",
      "the spec carries a generated ExternalId of 40 characters",
      externalId.length === 40,
      `${externalId.length} characters`,
    );
  });

  it("plan and lint review the spec offline", async () => {
    const plan = await world.asAdmin("plan", ["plan", "-c", world.spec, "--format", "json"]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(world.roleArn);
    const lint = await world.asAdmin("lint", ["lint", "-c", world.spec]);
    settle("lint", "lint finds no error in the generated spec", lint.code === 0, `exit ${lint.code}`);
  });

  it("apply creates the role and the BUILD grant, and a second apply changes nothing", async () => {
    const run = await world.asAdmin("apply", ["apply", "-c", world.spec, ...world.adminFlags, "--yes"]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const role = await world.target.iam.send(new GetRoleCommand({ RoleName: world.roleName }));
    const trust = decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? "");
    settle(
      "apply",
      "the live trust policy requires the spec's ExternalId",
      trust.includes(externalId) && trust.includes("sts:ExternalId"),
      trust.slice(0, 200),
      [role],
    );
    const again = await world.asAdmin("apply", ["apply", "-c", world.spec, ...world.adminFlags, "--yes"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout + again.stderr).toMatch(/no changes/i);
    // Real IAM is eventually consistent: wait until the new role admits the BUILD user.
    await waitFor(
      world.report,
      "a new role becomes assumable by the BUILD user (AssumeRole with the ExternalId)",
      () => assumeWithKey(),
      (outcome) => outcome.ok,
    );
  });

  it("profile writes way 2, and the aws CLI assumes the role with it", async (context) => {
    const run = await world.asBuild("profile", ["profile", TARGET, "-c", world.spec, "--source-from-env"]);
    expect(run.code, run.stderr).toBe(0);
    const aws = await resolveAwsCli();
    const [command, ...prefix] = aws;
    const probe = command
      ? await runProcess(command, [...prefix, "--version"], {
          env: { ...process.env } as Record<string, string>,
        }).catch(() => undefined)
      : undefined;
    if (!command || probe?.code !== 0) {
      world.report.skip("profile + aws CLI", "no aws CLI here (set CROSSROLE_AWS_CLI or put aws on PATH)");
      context.skip();
      return;
    }
    const home = join(world.dir, "home");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: home,
      AWS_CONFIG_FILE: join(home, ".aws", "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(home, ".aws", "credentials"),
      ...(settings.endpoint ? { AWS_ENDPOINT_URL: settings.endpoint } : {}),
    };
    const who = await runProcess(
      command,
      [...prefix, "sts", "get-caller-identity", "--profile", TARGET, "--output", "json"],
      { env, timeoutMs: 60_000 },
    );
    const arn = who.code === 0 ? (JSON.parse(who.stdout) as { Arn: string }).Arn : who.stderr.trim();
    settle(
      "profile + aws CLI",
      "the aws CLI, given only the profile crossrole wrote, is the role's session",
      arn.startsWith(`arn:aws:sts::${world.target.accountId}:assumed-role/${world.roleName}/`),
      arn,
    );
  });

  it("assume prints the role's credentials (way 1), and the next assume is served from the cache", async (context) => {
    const sessionsBefore = await emulatorSessionCount();
    const run = await world.asBuild("assume", ["assume", TARGET, "-c", world.spec, "--format", "json"]);
    expect(run.code, run.stderr).toBe(0);
    const credentials = JSON.parse(run.stdout) as Record<string, string>;
    const accessKeyId = credentials.AccessKeyId ?? credentials.AWS_ACCESS_KEY_ID ?? "";
    const session = clientsWith(settings, {
      accessKeyId,
      secretAccessKey: credentials.SecretAccessKey ?? credentials.AWS_SECRET_ACCESS_KEY ?? "",
      sessionToken: credentials.SessionToken ?? credentials.AWS_SESSION_TOKEN ?? "",
    });
    try {
      const me = await session.sts.send(new GetCallerIdentityCommand({}));
      settle(
        "assume",
        "the printed credentials are a session of the target role",
        (me.Arn ?? "").startsWith(`arn:aws:sts::${world.target.accountId}:assumed-role/${world.roleName}/`),
        me.Arn ?? "",
        [me],
      );
    } finally {
      session.destroy();
    }
    const again = await world.asBuild("assume", ["assume", TARGET, "-c", world.spec, "--format", "json"]);
    expect(again.code, again.stderr).toBe(0);
    const second = JSON.parse(again.stdout) as Record<string, string>;
    settle(
      "assume",
      "a second assume hands out the cached session (same access key ID)",
      (second.AccessKeyId ?? second.AWS_ACCESS_KEY_ID) === accessKeyId,
      `${accessKeyId.slice(0, 8)}… then ${(second.AccessKeyId ?? second.AWS_ACCESS_KEY_ID ?? "").slice(0, 8)}…`,
    );
    const sessionsAfter = await emulatorSessionCount();
    if (sessionsBefore === undefined || sessionsAfter === undefined) {
      world.report.skip(
        "assume: AssumeRole count",
        "counting AssumeRole calls needs the emulator's introspection (moto's /moto-api/data.json); real AWS has none (CloudTrail lags by minutes)",
      );
      context.skip();
      return;
    }
    settle(
      "assume: AssumeRole count",
      "the two assumes made exactly one AssumeRole (emulator introspection)",
      sessionsAfter - sessionsBefore === 1,
      `${sessionsAfter - sessionsBefore} AssumeRole calls`,
    );
  });

  it("exec runs a command with the role's credentials and none of the BUILD user's", async () => {
    const script =
      "process.stdout.write(JSON.stringify({id: process.env.AWS_ACCESS_KEY_ID, token: Boolean(process.env.AWS_SESSION_TOKEN)}))";
    const run = await world.asBuild("exec", [
      "exec",
      TARGET,
      "-c",
      world.spec,
      "--",
      process.execPath,
      "-e",
      script,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const seen = JSON.parse(run.stdout) as { id?: string; token: boolean };
    settle(
      "exec",
      "the command sees a session key, not the BUILD user's key",
      seen.token && seen.id !== undefined && seen.id !== world.builderKey.accessKeyId,
      `key ${seen.id?.slice(0, 4)}…, session token ${seen.token}`,
    );
  });

  it("ecr login writes a docker config entry for the target's registry", async () => {
    const run = await world.asBuild("ecr login", ["ecr", "login", TARGET, "-c", world.spec]);
    expect(run.code, run.stderr).toBe(0);
    const config = JSON.parse(await readFile(join(world.dir, "docker", "config.json"), "utf8")) as {
      auths?: Record<string, unknown>;
    };
    const hosts = Object.keys(config.auths ?? {});
    settle(
      "ecr login",
      "the docker config has an auth entry for the target's ECR registry",
      hosts.some((host) =>
        host.includes(`${world.target.accountId}.dkr.ecr.${settings.region}.amazonaws.com`),
      ),
      hosts.join(", "),
    );
  });

  it("verify proves the trust live: the ExternalId admits, its absence and a wrong one are refused", async () => {
    const run = await world.asAdmin("verify", [
      "verify",
      TARGET,
      "-c",
      world.spec,
      ...world.adminFlags,
      "--json",
    ]);
    const evidence = JSON.parse(run.stdout || "{}") as unknown;
    const ids = requestIdsIn(evidence);
    world.report.assertion({
      test: "verify",
      question: "Does AWS refuse AssumeRole without an ExternalId and with a wrong one on crossrole's trust?",
      asserted: "crossrole verify passes every check (exit 0)",
      passed: run.code === 0,
      observed: `exit ${run.code}`,
      requestIds: ids,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
  });

  it("session tags and source identity work with the ExternalId trust layout", async () => {
    const question =
      "Does AssumeRole with ExternalId, session tags and SourceIdentity succeed on crossrole's trust layout (sts:TagSession and sts:SetSourceIdentity in a statement without the ExternalId condition)?";
    const tagged = await assumeWithKey({
      Tags: [{ Key: "team", Value: "ci" }],
      SourceIdentity: `${world.prefix}ci`.slice(0, 64),
    });
    settle(
      "session tags + source identity",
      "AssumeRole with tags and SourceIdentity succeeds",
      tagged.ok,
      tagged.ok ? "ok" : `${tagged.error.name}: ${tagged.error.message}`,
      [tagged.ok ? tagged.value : tagged.error],
      question,
    );
    const withoutId = await assumeWithKey({ ExternalId: undefined, Tags: [{ Key: "team", Value: "ci" }] });
    settle(
      "session tags + source identity",
      "the TagSession statement does not open the role without the ExternalId",
      !withoutId.ok && /AccessDenied/.test(withoutId.error.name),
      withoutId.ok ? "admitted" : withoutId.error.name,
      [withoutId.ok ? withoutId.value : withoutId.error],
      question,
    );
  });

  it("observed: does a single trust statement conditioned on the ExternalId admit session tags?", async () => {
    // crossrole puts sts:TagSession and sts:SetSourceIdentity in a statement of their own, because the Service
    // Authorization Reference lists sts:ExternalId as a request key of AssumeRole only. Whether AWS also evaluates
    // it for TagSession decides if the simpler one-statement layout would work: recorded, not asserted (crossrole
    // does not depend on it). The patched emulator models the documented keys, so it says no.
    const roleName = `${world.prefix}combined`;
    const roleArn = `arn:aws:iam::${world.target.accountId}:role/${roleName}`;
    // A caller of its own, granted AssumeRole and TagSession on exactly this role (the BUILD user's grant names
    // only crossrole's role, and adding to it would be drift for crossrole diff).
    const callerName = `${world.prefix}tagger`;
    await world.build.iam.send(new CreateUserCommand({ UserName: callerName, Tags: world.tags }));
    await world.build.iam.send(
      new PutUserPolicyCommand({
        UserName: callerName,
        PolicyName: "assume-combined",
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: roleArn }],
        }),
      }),
    );
    const key = (await world.build.iam.send(new CreateAccessKeyCommand({ UserName: callerName }))).AccessKey;
    await world.target.iam.send(
      new CreateRoleCommand({
        RoleName: roleName,
        Tags: world.tags,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: `arn:aws:iam::${world.build.accountId}:user/${callerName}` },
              Action: ["sts:AssumeRole", "sts:TagSession"],
              Condition: { StringEquals: { "sts:ExternalId": externalId } },
            },
          ],
        }),
      }),
    );
    const caller = clientsWith(settings, {
      accessKeyId: key?.AccessKeyId ?? "",
      secretAccessKey: key?.SecretAccessKey ?? "",
    });
    const assume = (extra: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> = {}) =>
      outcomeOf(() =>
        caller.sts.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: "combined",
            ExternalId: externalId,
            ...extra,
          }),
        ),
      );
    await waitFor(
      world.report,
      "a new user's key and a new role (one combined statement): AssumeRole works",
      () => assume(),
      (outcome) => outcome.ok,
    );
    const tagged = await assume({ Tags: [{ Key: "team", Value: "ci" }] });
    caller.destroy();
    world.report.assertion({
      test: "session tags: one combined statement",
      question:
        "Does AWS evaluate sts:ExternalId for sts:TagSession, so that one statement [AssumeRole, TagSession] conditioned on the ExternalId admits session tags?",
      asserted:
        "observation only (crossrole's layout does not depend on it; the emulator's model says refused)",
      passed: true,
      observed: tagged.ok ? "admitted" : `${tagged.error.name}: ${tagged.error.message}`,
      requestIds: [requestIdOf(tagged.ok ? tagged.value : tagged.error)].filter((id): id is string => !!id),
    });
  });

  it("a trust naming a principal that does not exist is refused when stored (MalformedPolicyDocument), a missing role when assumed (AccessDenied)", async () => {
    const ghost = `arn:aws:iam::${world.build.accountId}:user/${world.prefix}ghost`;
    const created = await outcomeOf(() =>
      world.target.iam.send(
        new CreateRoleCommand({
          RoleName: `${world.prefix}ghost-trust`,
          Tags: world.tags,
          AssumeRolePolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: ghost }, Action: "sts:AssumeRole" }],
          }),
        }),
      ),
    );
    if (created.ok)
      await world.target.iam.send(new DeleteRoleCommand({ RoleName: `${world.prefix}ghost-trust` }));
    settle(
      "bad principal",
      'CreateRole with a trust naming a user that does not exist fails with MalformedPolicyDocument "Invalid principal" (IAM User Guide, Principal element)',
      !created.ok &&
        awsError(created.error, "MalformedPolicyDocument") &&
        /invalid principal/i.test(created.error.message),
      created.ok ? "created" : `${created.error.name}: ${created.error.message}`,
      [created.ok ? created.value : created.error],
      "Which error does a bad principal give: MalformedPolicyDocument when stored, or AccessDenied when assumed?",
    );
    const missing = await assumeWithKey({
      RoleArn: `arn:aws:iam::${world.target.accountId}:role/${world.prefix}missing`,
    });
    settle(
      "bad principal",
      "AssumeRole on a role that does not exist is AccessDenied (STS does not reveal whether a role exists)",
      !missing.ok && awsError(missing.error, "AccessDenied"),
      missing.ok ? "admitted" : `${missing.error.name}: ${missing.error.message}`,
      [missing.ok ? missing.value : missing.error],
      "Which error does a bad principal give: MalformedPolicyDocument when stored, or AccessDenied when assumed?",
    );
  });

  it("the inline policy quota: 2,048 characters per user, white space not counted", async () => {
    const question =
      "Does IAM refuse a user's inline policies over 2,048 characters in all, not counting white space?";
    const statement = (i: number) => ({
      Sid: `S${i}`,
      Effect: "Deny",
      Action: "sts:AssumeRole",
      Resource: `arn:aws:iam::${world.target.accountId}:role/${world.prefix}quota-${String(i).padStart(4, "0")}`,
    });
    const policyOf = (n: number, space: string) =>
      JSON.stringify(
        { Version: "2012-10-17", Statement: Array.from({ length: n }, (_, i) => statement(i)) },
        null,
        space,
      );
    // A user of its own, so no other inline policy counts against its quota.
    const userName = `${world.prefix}quota`;
    await world.build.iam.send(new CreateUserCommand({ UserName: userName, Tags: world.tags }));
    let n = 1;
    while (policyOf(n + 1, "").length <= 2_000) n++;
    const spacious = policyOf(n, " ".repeat(12)); // under the quota without white space, far over with it
    const fits = await outcomeOf(() =>
      world.build.iamOnce.send(
        new PutUserPolicyCommand({
          UserName: userName,
          PolicyName: `${world.prefix}quota`,
          PolicyDocument: spacious,
        }),
      ),
    );
    settle(
      "inline policy quota",
      `an inline policy of ${policyOf(n, "").length} characters without white space (${spacious.length} with) is accepted`,
      fits.ok,
      fits.ok ? "accepted" : `${fits.error.name}: ${fits.error.message}`,
      [fits.ok ? fits.value : fits.error],
      question,
    );
    const over = policyOf(n + 2, "");
    const refused = await outcomeOf(() =>
      world.build.iamOnce.send(
        new PutUserPolicyCommand({
          UserName: userName,
          PolicyName: `${world.prefix}quota`,
          PolicyDocument: over,
        }),
      ),
    );
    settle(
      "inline policy quota",
      `an inline policy of ${over.length} characters is refused with LimitExceeded`,
      !refused.ok && awsError(refused.error, "LimitExceeded"),
      refused.ok ? "accepted" : `${refused.error.name}: ${refused.error.message}`,
      [refused.ok ? refused.value : refused.error],
      question,
    );
  });

  it("revoke: sessions issued before are refused (aws:TokenIssueTime), new ones work", async () => {
    const question =
      "Does the AWSRevokeOlderSessions Deny on aws:TokenIssueTime refuse older sessions and admit new ones, and how long does it take?";
    const before = await assumeWithKey();
    if (!before.ok) throw before.error;
    const c = before.value.Credentials;
    oldSession = {
      accessKeyId: c?.AccessKeyId ?? "",
      secretAccessKey: c?.SecretAccessKey ?? "",
      sessionToken: c?.SessionToken ?? "",
    };
    const old = clientsWith(settings, oldSession);
    try {
      const usable = await outcomeOf(() => old.ecr.send(new GetAuthorizationTokenCommand({})));
      expect(usable.ok, "the session works before revoke").toBe(true);
      const run = await world.asAdmin("revoke", [
        "revoke",
        TARGET,
        "-c",
        world.spec,
        "--yes",
        "--target-profile",
        settings.targetProfile,
      ]);
      expectDoneAndProven("revoke", run);
      const denied = await waitFor(
        world.report,
        "the revoke Deny reaches a session issued before it",
        () => outcomeOf(() => old.ecr.send(new GetAuthorizationTokenCommand({}))),
        (outcome) => !outcome.ok,
      );
      settle(
        "revoke",
        "a session issued before revoke is refused",
        !denied.ok && /AccessDenied/.test(denied.error.name),
        denied.ok ? "admitted" : denied.error.name,
        [denied.ok ? denied.value : denied.error],
        question,
      );
      const after = await assumeWithKey();
      if (!after.ok) throw after.error;
      const a = after.value.Credentials;
      const fresh = clientsWith(settings, {
        accessKeyId: a?.AccessKeyId ?? "",
        secretAccessKey: a?.SecretAccessKey ?? "",
        sessionToken: a?.SessionToken ?? "",
      });
      try {
        const works = await outcomeOf(() => fresh.ecr.send(new GetAuthorizationTokenCommand({})));
        settle(
          "revoke",
          "a session issued after revoke works",
          works.ok,
          works.ok ? "ok" : `${works.error.name}: ${works.error.message}`,
          [works.ok ? works.value : works.error],
          question,
        );
      } finally {
        fresh.destroy();
      }
    } finally {
      old.destroy();
    }
  });

  it("rotate external-id: both IDs work during the window, only the new one after --finish", async () => {
    const oldId = externalId;
    const start = await world.asAdmin("rotate external-id", [
      "rotate",
      "external-id",
      TARGET,
      "-c",
      world.spec,
      "--yes",
      "--target-profile",
      settings.targetProfile,
    ]);
    expectDoneAndProven("rotate external-id", start);
    const ids = parseDocument(await readFile(world.spec, "utf8")).getIn([
      "targets",
      TARGET,
      "externalId",
    ]) as { toJSON(): string[] };
    const [newId, keptId] = ids.toJSON();
    expect(keptId).toBe(oldId);
    externalId = newId ?? "";
    const finish = await world.asAdmin("rotate external-id", [
      "rotate",
      "external-id",
      TARGET,
      "--finish",
      "-c",
      world.spec,
      "--yes",
      "--target-profile",
      settings.targetProfile,
    ]);
    expectDoneAndProven("rotate external-id --finish", finish);
    const refused = await waitFor(
      world.report,
      "the old ExternalId is refused after --finish",
      () => assumeWithKey({ ExternalId: oldId }),
      (outcome) => !outcome.ok,
    );
    settle(
      "rotate external-id",
      "AssumeRole with the old ExternalId is refused after --finish",
      !refused.ok,
      refused.ok ? "admitted" : refused.error.name,
      [refused.ok ? refused.value : refused.error],
    );
    const admitted = await assumeWithKey();
    settle(
      "rotate external-id",
      "AssumeRole with the new ExternalId works",
      admitted.ok,
      admitted.ok ? "ok" : admitted.error.name,
      [admitted.ok ? admitted.value : admitted.error],
    );
  });

  it("rotate build-key: IAM's two-key limit, and a new key that replaces the old one", async () => {
    const question =
      "Does IAM refuse a third access key (LimitExceeded), and does rotate build-key make room by deleting an inactive one?";
    const second = await world.build.iam.send(new CreateAccessKeyCommand({ UserName: world.builderName }));
    const third = await outcomeOf(() =>
      world.build.iam.send(new CreateAccessKeyCommand({ UserName: world.builderName })),
    );
    settle(
      "rotate build-key",
      "a third access key is refused with LimitExceeded",
      !third.ok && awsError(third.error, "LimitExceeded"),
      third.ok ? "created" : `${third.error.name}: ${third.error.message}`,
      [second, third.ok ? third.value : third.error],
      question,
    );
    await world.build.iam.send(
      new UpdateAccessKeyCommand({
        UserName: world.builderName,
        AccessKeyId: second.AccessKey?.AccessKeyId,
        Status: "Inactive",
      }),
    );
    const keyFile = join(world.dir, "new-key.json");
    const run = await world.asAdmin("rotate build-key", [
      "rotate",
      "build-key",
      "--key-out",
      keyFile,
      "-c",
      world.spec,
      "--yes",
      "--build-profile",
      settings.buildProfile,
    ]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const key = JSON.parse(await readFile(keyFile, "utf8")) as {
      AccessKeyId: string;
      SecretAccessKey: string;
    };
    const keys = await world.build.iam.send(new ListAccessKeysCommand({ UserName: world.builderName }));
    const left = (keys.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId);
    settle(
      "rotate build-key",
      "only the new key is left (the inactive one deleted to make room, the old one deleted after the proof)",
      left.length === 1 && left[0] === key.AccessKeyId,
      left.join(", "),
      [keys],
      question,
    );
    world.builderKey = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
  });

  it("destroy removes the BUILD grant and the revoked role, its revoke policy included", async () => {
    // After revoke the role carries AWSRevokeOlderSessions; destroy removes it last, right before the role (it only
    // denies, and the permissions are already gone).
    const run = await world.asAdmin("destroy", ["destroy", "-c", world.spec, ...world.adminFlags, "--yes"]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const role = await outcomeOf(() =>
      world.target.iam.send(new GetRoleCommand({ RoleName: world.roleName })),
    );
    const policies = await world.build.iam.send(new ListUserPoliciesCommand({ UserName: world.builderName }));
    const grants = (policies.PolicyNames ?? []).filter((name) => name.startsWith("crossrole-"));
    settle(
      "destroy",
      "the role (revoke policy and all) is gone and the BUILD user has no crossrole grant",
      !role.ok && awsError(role.error, "NoSuchEntity") && grants.length === 0,
      `role: ${role.ok ? "exists" : role.error.name}; grants: ${grants.join(", ") || "none"}`,
      [role.ok ? role.value : role.error, policies],
    );
  });
});
