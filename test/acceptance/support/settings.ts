import { homedir } from "node:os";
import { join } from "node:path";

/** What `npm run test:aws` reads from the environment: two admin profiles, a region, an optional endpoint. */
export interface AcceptanceSettings {
  /** Admin profile of the target account (OURTHING). */
  targetProfile: string;
  /** Admin profile of the BUILD account. */
  buildProfile: string;
  region: string;
  /** AWS_ENDPOINT_URL when set (an emulator, a proxy); undefined on real AWS. */
  endpoint: string | undefined;
  /** The shared config and credentials files the admin profiles live in. */
  configFile: string;
  credentialsFile: string;
  /** Where the JSON report goes. */
  reportFile: string;
}

/** The variables the suite needs, with what each is for (printed when they are missing). */
export const REQUIRED_VARIABLES = [
  ["CROSSROLE_TEST_TARGET_PROFILE", "admin profile of a throwaway target account (OURTHING)"],
  ["CROSSROLE_TEST_BUILD_PROFILE", "admin profile of a second throwaway account (BUILD)"],
] as const;

/**
 * Keyless builds (build.oidc) need a token from an OIDC issuer the maintainer controls; without all three the
 * keyless test is skipped, saying which are missing.
 */
export const KEYLESS_VARIABLES = [
  [
    "CROSSROLE_TEST_OIDC_TOKEN_FILE",
    "file holding a JWT of your OIDC issuer (read at each use, so a process may refresh it)",
  ],
  ["CROSSROLE_TEST_OIDC_PROVIDER", "its issuer: github, gitlab or https://HOST[/PATH] (the token's iss)"],
  ["CROSSROLE_TEST_OIDC_SUBJECT", "the token's sub claim"],
] as const;

/** What the keyless test reads from the environment. */
export interface KeylessSettings {
  tokenFile: string;
  /** github, gitlab or an issuer URL, as build.oidc.provider takes it. */
  provider: string;
  subject: string;
  /** CROSSROLE_TEST_OIDC_AUDIENCE; undefined: the token's aud. */
  audience: string | undefined;
}

/** The keyless settings, or the names of the missing variables. */
export function readKeylessSettings(
  env: NodeJS.ProcessEnv = process.env,
): KeylessSettings | { missing: string[] } {
  const missing = KEYLESS_VARIABLES.map(([name]) => name).filter((name) => !env[name]);
  const tokenFile = env.CROSSROLE_TEST_OIDC_TOKEN_FILE;
  const provider = env.CROSSROLE_TEST_OIDC_PROVIDER;
  const subject = env.CROSSROLE_TEST_OIDC_SUBJECT;
  if (missing.length > 0 || !tokenFile || !provider || !subject) return { missing };
  return { tokenFile, provider, subject, audience: env.CROSSROLE_TEST_OIDC_AUDIENCE || undefined };
}

/** Why the keyless test did not run: exactly the variables to set. */
export function explainKeylessSkip(missing: readonly string[]): string {
  return [
    `keyless (OIDC web identity) builds need a token source in the BUILD account: set ${missing.join(", ")}`,
    ...KEYLESS_VARIABLES.map(([name, what]) => `${name} = ${what}`),
    "optional CROSSROLE_TEST_OIDC_AUDIENCE = the audience the role accepts (default: the token's aud)",
  ].join("; ");
}

/** The settings, or the names of the missing variables. */
export function readSettings(
  env: NodeJS.ProcessEnv = process.env,
): AcceptanceSettings | { missing: string[] } {
  const missing = REQUIRED_VARIABLES.map(([name]) => name).filter((name) => !env[name]);
  const targetProfile = env.CROSSROLE_TEST_TARGET_PROFILE;
  const buildProfile = env.CROSSROLE_TEST_BUILD_PROFILE;
  if (missing.length > 0 || !targetProfile || !buildProfile) return { missing };
  const home = env.HOME ?? homedir();
  return {
    targetProfile,
    buildProfile,
    region: env.CROSSROLE_TEST_REGION || "eu-west-1",
    endpoint: env.AWS_ENDPOINT_URL || undefined,
    configFile: env.AWS_CONFIG_FILE || join(home, ".aws", "config"),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE || join(home, ".aws", "credentials"),
    reportFile: env.CROSSROLE_TEST_REPORT || join("test-results", "aws-acceptance.json"),
  };
}

/** The text `npm run test:aws` prints when the variables are missing. */
export function explainSettings(missing: readonly string[]): string {
  return [
    `npm run test:aws: not run (${missing.join(", ")} not set).`,
    "",
    "It proves crossrole end to end against real AWS, in two throwaway accounts you administer:",
    ...REQUIRED_VARIABLES.map(([name, what]) => `  ${name.padEnd(32)} ${what}`),
    `  ${"CROSSROLE_TEST_REGION".padEnd(32)} region (default eu-west-1)`,
    `  ${"CROSSROLE_TEST_REPORT".padEnd(32)} where the JSON report goes (default test-results/aws-acceptance.json)`,
    `  ${"AWS_ENDPOINT_URL".padEnd(32)} honoured (an emulator instead of AWS)`,
    "Keyless (OIDC) builds are proven too when a token of an issuer you control is given:",
    ...KEYLESS_VARIABLES.map(([name, what]) => `  ${name.padEnd(32)} ${what}`),
    `  ${"CROSSROLE_TEST_OIDC_AUDIENCE".padEnd(32)} optional: the audience the role accepts (default: the token's aud)`,
    "It creates only free resources (IAM users and roles, OIDC providers, STS sessions, empty ECR repositories and",
    "S3 buckets),",
    "each named crt-<run>-… and tagged crossrole-test-run=<run>, and removes them at the end;",
    "npm run test:aws:sweep removes what an interrupted run left (older than an hour). See README,",
    '"Proving it on your own AWS".',
  ].join("\n");
}
