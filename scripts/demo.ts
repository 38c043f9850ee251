// `npm run demo`: crossrole's main job, step by step, on the embedded local AWS emulator (patched moto 5.2.1).
// Two accounts as in the seed: OURTHING 111111111111 (the target) and BUILD 222222222222 (the build servers).
// Every command is printed before it runs, with its real output; secrets are masked. Nothing outside a temp
// directory is touched, and the emulator is stopped at the end, also on failure.
import "../test/support/quiet-sdk-node-version-warning.js"; // the SDK's Node-version warning, in this process
import { spawn } from "node:child_process";
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { PolicyDocument } from "../src/core/plan/policy-document.js";
import { type Emulator, startEmulator } from "../test/emulator/emulator.js";
import { githubJobClaims, startGithubTokenEndpoint } from "../test/emulator/github-token-endpoint.js";
import { GITHUB_ISSUER, routeIssuerToEmulator, startOidcIssuer } from "../test/emulator/oidc-issuer.js";
import { runAwsCli } from "../test/emulator/real-clients.js";
import { createSandbox, type Sandbox } from "../test/emulator/sandbox.js";
import { createRepository, createUserWithKey } from "../test/emulator/world.js";

const OURTHING = "111111111111";
const BUILD = "222222222222";
const REGION = "eu-west-1";
const cli = resolve(import.meta.dirname, "../dist/crossrole.cjs");
const color = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const secrets: string[] = [];
const adminPolicy: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};

const emulator = await startEmulator();
let sandbox: Sandbox | undefined;
let work: string | undefined;
try {
  sandbox = await createSandbox(emulator, { region: REGION });
  work = await mkdtemp(join(tmpdir(), "crossrole-demo-"));
  await run(emulator, sandbox, work);
  heading(
    "Done",
    "The emulator is stopped and the demo's temp files removed. Next: npm test, or crossrole --help.",
  );
} finally {
  await emulator.stop();
  await sandbox?.cleanup();
  if (work) await rm(work, { recursive: true, force: true });
}

async function run(emu: Emulator, box: Sandbox, cwd: string): Promise<void> {
  heading(
    "The world",
    `A local AWS emulator on ${emu.endpoint} with two accounts:\n` +
      `  OURTHING ${OURTHING}: an admin and an ECR repository "app" (our workloads)\n` +
      `  BUILD    ${BUILD}: an admin and the build servers' IAM user "ci-builder" with access keys`,
  );
  const ourAdmin = await createUserWithKey(emu, OURTHING, "ourthing-admin", adminPolicy);
  const buildAdmin = await createUserWithKey(emu, BUILD, "build-admin", adminPolicy);
  const builder = await createUserWithKey(emu, BUILD, "ci-builder");
  await createRepository(emu, OURTHING, REGION, "app");
  secrets.push(ourAdmin.secretAccessKey, buildAdmin.secretAccessKey, builder.secretAccessKey);
  await appendFile(
    box.credentialsFile,
    profileSection("ourthing-admin", ourAdmin) + profileSection("build-admin", buildAdmin),
  );
  await emu.setAuthEnforcement(true);
  note("IAM policies are enforced from here on; trust policies and ExternalIds are judged as AWS does.");

  heading(
    "1. Describe the access",
    "One file says who builds (BUILD's ci-builder) and what it may do in OURTHING.",
  );
  await crossrole(box, cwd, [
    "init",
    "--build-account",
    BUILD,
    "--build-principal",
    "user/ci-builder",
    "--target",
    `ourthing=${OURTHING}`,
    "--role",
    "OurThingBuildRole",
    "--region",
    REGION,
  ]);
  const spec = await readFile(join(cwd, "crossrole.yaml"), "utf8");
  const withPermissions = spec.replace(
    /^(\s+)maxSessionDuration: 3600[^\n]*\n/m,
    "$1maxSessionDuration: 3600\n$1permissions:\n$1  ecr: { push: [app] }\n",
  );
  await writeFile(join(cwd, "crossrole.yaml"), withPermissions);
  show("cat crossrole.yaml   # after adding: permissions: { ecr: { push: [app] } }", withPermissions);

  heading("2. Review, offline", "The exact IAM documents each account needs, and a security review of them.");
  await crossrole(box, cwd, ["plan"]);
  await crossrole(box, cwd, ["lint"]);

  heading(
    "3. Provision both accounts",
    "With each account's admin credentials: the role in OURTHING first, then the grant on BUILD's ci-builder.",
  );
  const admins = ["--target-profile", "ourthing-admin", "--build-profile", "build-admin"];
  await crossrole(box, cwd, ["apply", ...admins, "--yes"]);
  note("A second apply finds nothing to do and makes no IAM write call:");
  await crossrole(box, cwd, ["apply", ...admins, "--yes"]);
  await crossrole(box, cwd, ["diff", ...admins]);

  heading(
    "4. On the build server (way 2: profiles)",
    "The build server has only ci-builder's own keys, in its environment, as in the seed.",
  );
  const buildEnv = { AWS_ACCESS_KEY_ID: builder.accessKeyId, AWS_SECRET_ACCESS_KEY: builder.secretAccessKey };
  await crossrole(box, cwd, ["profile", "ourthing", "--source-from-env"], { env: buildEnv });
  show("cat ~/.aws/config", await readFile(box.configFile, "utf8"));
  const who = await runAwsCli(["sts", "get-caller-identity", "--profile", "ourthing"], {
    env: withoutKeys(box.env),
  });
  show("aws sts get-caller-identity --profile ourthing", who.stdout + who.stderr);

  heading(
    "5. On the build server (way 1: environment, and a command)",
    "Short-lived credentials for one step; cached, so every later step costs no AssumeRole.",
  );
  await crossrole(box, cwd, ["assume", "ourthing", "--format", "sh"], { env: buildEnv });
  await crossrole(box, cwd, ["exec", "ourthing", "--", "aws", "sts", "get-caller-identity"], {
    env: buildEnv,
  });
  note("Without the ExternalId the role refuses the same user (proof that the trust requires it):");
  const arn = `arn:aws:iam::${OURTHING}:role/OurThingBuildRole`;
  const denied = await runAwsCli(
    ["sts", "assume-role", "--role-arn", arn, "--role-session-name", "no-external-id"],
    { env: { ...box.env, ...buildEnv } },
  );
  show(
    `aws sts assume-role --role-arn ${arn} --role-session-name no-external-id`,
    denied.stdout + denied.stderr,
  );

  heading(
    "6. Docker and ECR",
    "A docker login to OURTHING's registry, with no password on any command line.",
  );
  await crossrole(box, cwd, ["ecr", "login", "ourthing"], { env: buildEnv });
  const dockerConfig = await readFile(join(box.env.DOCKER_CONFIG ?? "", "config.json"), "utf8");
  show("cat ~/.docker/config.json   # the auth value is base64(AWS:<token>)", dockerConfig);

  heading(
    "7. Prove it is safe",
    "Live, with BUILD's credentials: the role admits ci-builder with the ExternalId and refuses it without.",
  );
  await crossrole(box, cwd, ["verify", ...admins], { env: buildEnv });

  heading(
    "8. Revoke sessions, from OURTHING alone",
    "The kill switch: every session issued before now is refused; BUILD's help is not needed.",
  );
  await crossrole(box, cwd, ["revoke", "ourthing", "--yes", "--target-profile", "ourthing-admin"], {
    env: buildEnv,
  });
  note("A new session still works (the credential cache was cleared, so this is a fresh AssumeRole):");
  await crossrole(box, cwd, ["exec", "ourthing", "--", "aws", "sts", "get-caller-identity"], {
    env: buildEnv,
  });
  await keyless(emu, box, cwd, admins);
}

/** 9: the same access without any BUILD key: a GitHub Actions job's OIDC token assumes a BUILD role. */
async function keyless(emu: Emulator, box: Sandbox, cwd: string, admins: string[]): Promise<void> {
  heading(
    "9. Keyless builds (OIDC)",
    "No BUILD key at all: a GitHub Actions job's OIDC token (here from a local issuer and a fake token endpoint)\n" +
      "assumes a BUILD role that only acme/app's main branch may use, then the target role with the ExternalId.",
  );
  const issuer = await startOidcIssuer(GITHUB_ISSUER);
  const endpoint = await startGithubTokenEndpoint(
    issuer,
    githubJobClaims("acme/app", "refs/heads/main", "4242"),
  );
  try {
    await routeIssuerToEmulator(emu, issuer);
    const dir = join(cwd, "keyless");
    await mkdir(dir);
    await writeFile(
      join(dir, "crossrole.yaml"),
      [
        "version: 1",
        `region: ${REGION}`,
        "build:",
        `  account: "${BUILD}"`,
        "  principal: role/ci-deployer",
        "  oidc:",
        "    provider: github",
        '    subjects: ["repo:acme/app:ref:refs/heads/main"]',
        "targets:",
        "  ourthing:",
        `    account: "${OURTHING}"`,
        "    role: KeylessBuildRole",
        "    externalId: crossrole-keyless-demo-7Qv2mK9pL4sT8wZ1",
        "",
      ].join("\n"),
    );
    await crossrole(box, dir, ["apply", ...admins, "--yes"]);
    // A job's environment: GitHub's token request variables, no AWS keys.
    const job = {
      ...endpoint.env,
      GITHUB_ACTIONS: "true",
      GITHUB_REPOSITORY: "acme/app",
      GITHUB_RUN_ID: "4242",
    };
    secrets.push(endpoint.requestToken);
    await crossrole(box, dir, ["exec", "ourthing", "--", "aws", "sts", "get-caller-identity"], { env: job });
    note("Another repository's job on the same runner: its token's subject is not trusted (exit 3):");
    endpoint.claims = githubJobClaims("evil/app", "refs/heads/main", "4243");
    await crossrole(box, dir, ["assume", "ourthing"], { env: job, expect: 3 });
    secrets.push(...endpoint.minted);
  } finally {
    await endpoint.close();
    await issuer.close();
  }
}

// --- internal ---

/** The sandbox env without any static keys: the profile alone must carry the build. */
function withoutKeys(env: Record<string, string>): Record<string, string> {
  const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...rest } = env;
  return rest;
}

function profileSection(name: string, key: { accessKeyId: string; secretAccessKey: string }): string {
  return `[${name}]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`;
}

/** Runs the built CLI in the sandbox, printing the command and its output. Fails the demo on an unexpected code. */
async function crossrole(
  box: Sandbox,
  cwd: string,
  args: string[],
  options: { env?: Record<string, string>; expect?: number } = {},
): Promise<string> {
  const result = await exec(process.execPath, [cli, ...args], { cwd, env: { ...box.env, ...options.env } });
  show(`crossrole ${args.join(" ")}`, result.stdout + result.stderr);
  if (result.code !== (options.expect ?? 0)) {
    throw new Error(`demo step failed: crossrole ${args.join(" ")} exited ${result.code}`);
  }
  return result.stdout;
}

function exec(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

function mask(text: string): string {
  let out = text.replace(
    /((?:AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|SecretAccessKey|SessionToken|aws_secret_access_key|"auth")["']?\s*[=:]\s*["']?)[^\s"',]+/g,
    "$1****",
  );
  for (const s of secrets) out = out.split(s).join("****");
  return out;
}

function show(command: string, output: string): void {
  const prompt = color ? `\x1b[1;32m$\x1b[0m \x1b[1m${command}\x1b[0m` : `$ ${command}`;
  process.stdout.write(`\n${prompt}\n${mask(output).replace(/\n?$/, "\n")}`);
}

function heading(title: string, text: string): void {
  const line = color ? `\x1b[1;36m== ${title} ==\x1b[0m` : `== ${title} ==`;
  process.stdout.write(`\n${line}\n${text}\n`);
}

function note(text: string): void {
  process.stdout.write(`${color ? "\x1b[2m" : ""}# ${text}${color ? "\x1b[0m" : ""}\n`);
}
