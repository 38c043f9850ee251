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
    "It creates only free resources (IAM users and roles, STS sessions, empty ECR repositories and S3 buckets),",
    "each named crt-<run>-… and tagged crossrole-test-run=<run>, and removes them at the end;",
    "npm run test:aws:sweep removes what an interrupted run left (older than an hour). See README,",
    '"Proving it on your own AWS".',
  ].join("\n");
}
