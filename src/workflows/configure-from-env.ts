import { CrossroleError, UsageError } from "../core/errors.js";
import { EXTERNAL_ID, EXTERNAL_ID_CHARSET, REGION } from "../core/identifiers/aws-patterns.js";
import { isRoleArn } from "../core/session/validate-assume-request.js";
import { validateProfileName } from "../outputs/ini/aws-profile-section.js";
import type { IniEntry } from "../outputs/ini/edit-ini-section.js";
import {
  findUnmanagedProfiles,
  setManagedProfiles,
  UnmanagedProfileError,
} from "../outputs/ini/managed-profile.js";
import { type AwsProfileFiles, readAwsFile, writeAwsProfile } from "../outputs/write-aws-profile.js";
import { noExternalIdWarning, type SourceKeys, validateSourceKeys } from "./write-profile.js";

/** The builder profile's name when `--profile` is not given (the seed's configure-aws.sh name). */
export const DEFAULT_BUILDER_PROFILE = "builder";

/** Options of {@link configureFromEnv}. */
export interface ConfigureFromEnvOptions {
  /** The process environment, read once by the CLI: REGION/AWS_REGION, ROLE_ARN, EXTERNAL_ID, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY. */
  env: Readonly<Record<string, string | undefined>>;
  files: AwsProfileFiles;
  /** Name of the builder profile. @default "builder" */
  profile?: string | undefined;
  /** Rewrite (and mark) sections crossrole did not write. */
  force?: boolean | undefined;
}

/** What {@link configureFromEnv} wrote. Never holds a secret. */
export interface ConfigureFromEnvResult {
  profile: string;
  roleArn: string;
  externalId?: string;
  region: string;
  configFile: string;
  credentialsFile: string;
  /** Config sections written, e.g. `["[default]", "[profile builder]"]`. */
  configSections: string[];
  /** Credentials section written, e.g. `[builder]`. */
  credentialsSection: string;
  changed: boolean;
  warnings: string[];
  /** Things worth knowing for the next commands (not problems). */
  notes: string[];
}

/** The environment is missing required variables or holds invalid values; all of them are listed at once. */
export class BuilderEnvironmentError extends CrossroleError {
  readonly missing: readonly string[];
  readonly invalid: readonly string[];

  constructor(missing: readonly string[], invalid: readonly string[]) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`missing: ${missing.join(", ")}`);
    for (const problem of invalid) parts.push(`invalid: ${problem}`);
    super(
      "INVALID_BUILDER_ENV",
      "invalid-input",
      `the environment cannot configure the builder profiles:\n  ${parts.join("\n  ")}`,
      {
        hint: "Set them for the container, e.g. docker run -e REGION -e ROLE_ARN -e EXTERNAL_ID -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY …",
      },
    );
    this.missing = missing;
    this.invalid = invalid;
  }
}

/**
 * The container bootstrap that replaces the seed's configure-aws.sh. From the environment it writes:
 * - credentials file: `[builder]` with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (the BUILD principal's keys);
 * - config file: `[default]` and `[profile builder]`, each with `role_arn`, `external_id` (in BOTH: the seed's script
 *   forgot it in default), `source_profile = builder` and `region`.
 * Unlike the script it deletes nothing: the sections are line-preserving edits marked as crossrole's, and sections
 * crossrole did not write are refused unless `force`. Every missing or invalid variable is reported in one
 * {@link BuilderEnvironmentError}; values of secrets are never shown.
 */
export async function configureFromEnv(options: ConfigureFromEnvOptions): Promise<ConfigureFromEnvResult> {
  const profile = options.profile ?? DEFAULT_BUILDER_PROFILE;
  validateProfileName(profile);
  if (profile === "default") {
    throw new UsageError(
      'the builder profile cannot be named "default": configure writes [default] itself.',
      {
        hint: "Use --profile with another name, e.g. builder.",
      },
    );
  }
  const input = readBuilderEnv(options.env);
  const { files } = options;
  const force = options.force === true;
  const warnings: string[] = [];
  if (input.externalId === undefined) {
    warnings.push(`EXTERNAL_ID is not set. ${noExternalIdWarning(input.roleArn)}`);
  }
  if (input.regionConflict !== undefined) warnings.push(input.regionConflict);
  if (input.keys.sessionToken !== undefined) {
    warnings.push(
      `AWS_SESSION_TOKEN is set, so the keys copied into [${profile}] are temporary: the profiles stop working when they expire.`,
    );
  }

  if (!force) {
    const configDoc = await readAwsFile(files.configFile);
    const credentialsDoc = await readAwsFile(files.credentialsFile);
    const refused = [
      ...(credentialsDoc === undefined
        ? []
        : findUnmanagedProfiles(credentialsDoc, "credentials", [profile], files.credentialsFile)),
      ...(configDoc === undefined
        ? []
        : findUnmanagedProfiles(configDoc, "config", ["default", profile], files.configFile)),
    ];
    if (refused.length > 0) throw new UnmanagedProfileError(refused);
  }

  const origin = "configure --from-env";
  const keyEntries: IniEntry[] = [
    { key: "aws_access_key_id", value: input.keys.accessKeyId },
    { key: "aws_secret_access_key", value: input.keys.secretAccessKey },
    { key: "aws_session_token", value: input.keys.sessionToken },
  ];
  const credentials = await writeAwsProfile(files.credentialsFile, (doc) =>
    setManagedProfiles(doc, "credentials", [{ name: profile, entries: keyEntries, origin }], {
      force,
      file: files.credentialsFile,
    }),
  );
  const roleEntries: IniEntry[] = [
    { key: "role_arn", value: input.roleArn },
    { key: "external_id", value: input.externalId },
    { key: "source_profile", value: profile },
    { key: "region", value: input.region },
  ];
  const config = await writeAwsProfile(files.configFile, (doc) =>
    setManagedProfiles(
      doc,
      "config",
      [
        { name: "default", entries: roleEntries, origin },
        { name: profile, entries: roleEntries, origin },
      ],
      { force, file: files.configFile },
    ),
  );

  const result: ConfigureFromEnvResult = {
    profile,
    roleArn: input.roleArn,
    region: input.region,
    configFile: files.configFile,
    credentialsFile: files.credentialsFile,
    configSections: ["[default]", `[profile ${profile}]`],
    credentialsSection: `[${profile}]`,
    changed: credentials.changed || config.changed,
    warnings,
    notes: [
      // Every SDK reads keys in the environment before [default]; an explicit profile skips them.
      `AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment take precedence over [default]: unset them ` +
        `(unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN) before running tools without a profile, ` +
        `or select the profile explicitly (--profile ${profile}).`,
    ],
  };
  if (input.externalId !== undefined) result.externalId = input.externalId;
  return result;
}

/** The builder settings read from the environment. */
export interface BuilderEnv {
  region: string;
  roleArn: string;
  externalId?: string;
  keys: SourceKeys;
  /** Set when REGION and AWS_REGION disagree (REGION wins). */
  regionConflict?: string;
}

/**
 * Reads and validates the builder variables (empty counts as missing). REGION wins over AWS_REGION (the seed's
 * name first). Pure. @throws BuilderEnvironmentError listing every missing and invalid variable.
 */
export function readBuilderEnv(env: Readonly<Record<string, string | undefined>>): BuilderEnv {
  const get = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === "" ? undefined : value;
  };
  const region = get("REGION") ?? get("AWS_REGION");
  const roleArn = get("ROLE_ARN");
  const externalId = get("EXTERNAL_ID");
  const accessKeyId = get("AWS_ACCESS_KEY_ID");
  const secretAccessKey = get("AWS_SECRET_ACCESS_KEY");
  const sessionToken = get("AWS_SESSION_TOKEN");

  const missing: string[] = [];
  if (region === undefined) missing.push("REGION (or AWS_REGION)");
  if (roleArn === undefined) missing.push("ROLE_ARN");
  if (accessKeyId === undefined) missing.push("AWS_ACCESS_KEY_ID");
  if (secretAccessKey === undefined) missing.push("AWS_SECRET_ACCESS_KEY");

  const invalid: string[] = [];
  if (region !== undefined && !REGION.test(region)) {
    invalid.push(
      `${get("REGION") === undefined ? "AWS_REGION" : "REGION"}="${shown(region)}" is not an AWS region (e.g. eu-west-1)`,
    );
  }
  if (roleArn !== undefined && !isRoleArn(roleArn)) {
    invalid.push(`ROLE_ARN="${shown(roleArn)}" is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)`);
  }
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
    invalid.push(`EXTERNAL_ID must be 2..1224 characters of ${EXTERNAL_ID_CHARSET}`);
  }
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    try {
      validateSourceKeys({ accessKeyId, secretAccessKey, sessionToken }, "the environment");
    } catch (error) {
      if (!(error instanceof CrossroleError)) throw error;
      invalid.push(
        error.message
          .replace(/^invalid keys in the environment \(values not shown\): /, "")
          .replace(/\.$/, ""),
      );
    }
  }
  if (missing.length > 0 || invalid.length > 0 || region === undefined || roleArn === undefined) {
    throw new BuilderEnvironmentError(missing, invalid);
  }
  const keys: SourceKeys = { accessKeyId: accessKeyId ?? "", secretAccessKey: secretAccessKey ?? "" };
  if (sessionToken !== undefined) keys.sessionToken = sessionToken;
  const result: BuilderEnv = { region, roleArn, keys };
  if (externalId !== undefined) result.externalId = externalId;
  const awsRegion = get("AWS_REGION");
  if (get("REGION") !== undefined && awsRegion !== undefined && awsRegion !== region) {
    result.regionConflict = `REGION=${region} and AWS_REGION=${shown(awsRegion)} differ; the profiles use REGION.`;
  }
  return result;
}

// --- internal ---

/** A non-secret value for an error message: printable, at most 100 characters. */
function shown(value: string): string {
  const cut = value.length > 100 ? `${value.slice(0, 100)}…` : value;
  return cut.replace(/[^\x20-\x7E…]/g, "?");
}
