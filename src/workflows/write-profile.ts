import { rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { CrossroleError, UsageError } from "../core/errors.js";
import { EXTERNAL_ID, EXTERNAL_ID_CHARSET, REGION, SESSION_NAME } from "../core/identifiers/aws-patterns.js";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import type { KeylessBuild } from "../core/plan/keyless-build.js";
import { resolvedTargetsOf } from "../core/plan/resolved-target.js";
import { selectOneTarget } from "../core/plan/select-targets.js";
import { selectCiTokenSource } from "../core/session/ci-token-source.js";
import {
  isRoleArn,
  MAX_DURATION_SECONDS,
  MIN_DURATION_SECONDS,
} from "../core/session/validate-assume-request.js";
import { ensurePrivateDir } from "../local/fs/private-file.js";
import { writeFileAtomic } from "../local/fs/write-file-atomic.js";
import { profileSectionHeader, validateProfileName } from "../outputs/ini/aws-profile-section.js";
import type { IniEntry } from "../outputs/ini/edit-ini-section.js";
import {
  findUnmanagedProfiles,
  removeManagedProfiles,
  setManagedProfiles,
  UnmanagedProfileError,
} from "../outputs/ini/managed-profile.js";
import type { IniDocument } from "../outputs/ini/parse-ini.js";
import {
  type AwsFileDocument,
  profileExists,
  unreferencedManagedSections,
} from "../outputs/ini/profile-references.js";
import {
  removeOrphanSourceSections,
  sourceSectionOrigin,
} from "../outputs/ini/remove-orphan-source-sections.js";
import { type AwsProfileFiles, readAwsFile, writeAwsProfile } from "../outputs/write-aws-profile.js";
import { loadSpec } from "./load-spec.js";
import { readCiToken } from "./read-ci-token.js";

/** The role a profile assumes: a target of an access spec, or an ad hoc role ARN. */
export type ProfileRoleSource =
  | { kind: "spec"; file: string; target: string }
  | { kind: "role"; roleArn: string; externalId?: string | undefined; region?: string | undefined };

/** `credential_source` values the aws CLI, boto3 and the JS SDK all understand. */
export const CREDENTIAL_SOURCES = ["Ec2InstanceMetadata", "EcsContainer", "Environment"] as const;
export type CredentialSourceName = (typeof CREDENTIAL_SOURCES)[number];

/** Where the profile's AssumeRole call gets the BUILD principal's credentials. */
export type ProfileCredentialSource =
  /** `source_profile = NAME`: another profile holds them. */
  | { kind: "source-profile"; profile: string }
  /** `credential_source = …`: the SDK finds them (instance role, ECS task role, environment). */
  | { kind: "credential-source"; source: CredentialSourceName }
  /** Keys (read from the environment by the caller, never argv) copied into the credentials file as `[NAME-source]`. */
  | { kind: "keys"; keys: SourceKeys }
  /**
   * Keyless builds (a spec target with `build.oidc`): the CI's OIDC token (as assume finds it) written to a 0600
   * file, and `[profile NAME-source]` with `web_identity_token_file` + `role_arn` (the BUILD role) in the config file.
   */
  | {
      kind: "ci-token";
      env: Readonly<Record<string, string | undefined>>;
      /** `--id-token-variable`. */
      tokenVariable?: string | undefined;
    };

/** Long-term (or, discouraged, temporary) keys of the BUILD principal. */
export interface SourceKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** Options of {@link writeProfile}. */
export interface WriteProfileOptions {
  files: AwsProfileFiles;
  role: ProfileRoleSource;
  source: ProfileCredentialSource;
  /** Profile name. Default: the target's name (spec) or the role's name (ad hoc). `default` writes `[default]`. */
  name?: string | undefined;
  /** Overrides the target's region. */
  region?: string | undefined;
  /** `role_session_name`; omitted by default (each tool then names sessions itself, e.g. botocore-session-<epoch>). */
  sessionName?: string | undefined;
  /** `duration_seconds` (900..43200); omitted by default (3600). */
  durationSeconds?: number | undefined;
  /** Rewrite (and mark) sections crossrole did not write. */
  force?: boolean | undefined;
}

/** What {@link writeProfile} wrote. Never holds a secret. */
export interface WriteProfileResult {
  profile: string;
  roleArn: string;
  externalId?: string;
  region?: string;
  configFile: string;
  /** The credentials-file section holding the keys (`keys` source only). */
  sourceSection?: string;
  credentialsFile?: string;
  /** Keyless builds: the `[profile NAME-source]` web identity section and the token file it reads. */
  webIdentity?: { sourceProfile: string; buildRoleArn: string; tokenFile: string; tokenExpiration?: Date };
  /** False when both files already said exactly this. */
  changed: boolean;
  /** Things the user should know (no ExternalId, temporary keys persisted, …). */
  warnings: string[];
}

/** The credentials-file section that holds a profile's source keys with `--source-from-env`. */
export function sourceSectionName(profile: string): string {
  return `${profile}-source`;
}

/**
 * Writes (or updates) an AWS config profile that assumes a role with its ExternalId: `role_arn`, `external_id`,
 * `source_profile` or `credential_source`, `region`, and `role_session_name` / `duration_seconds` when asked. With
 * `keys`, the keys go into the credentials file as `[NAME-source]` and the profile points at it. Sections are
 * line-preserving edits marked as crossrole's (see src/outputs/ini/managed-marker.ts); a section crossrole did not
 * write is refused unless `force`. Every value is validated first (a line break in a value would inject keys).
 *
 * @throws UsageError for invalid names and values, UnmanagedProfileError, EnvironmentError for file problems.
 */
export async function writeProfile(options: WriteProfileOptions): Promise<WriteProfileResult> {
  const role = await resolveProfileRole(options.role);
  const name = options.name ?? role.defaultName;
  validateProfileName(name);
  const region = options.region ?? role.region;
  validateProfileValues({
    ...role,
    region,
    sessionName: options.sessionName,
    durationSeconds: options.durationSeconds,
  });
  const warnings: string[] = [];
  if (role.externalId === undefined) warnings.push(noExternalIdWarning(role.roleArn));

  const { files } = options;
  const force = options.force === true;
  const webIdentity =
    options.source.kind === "ci-token"
      ? await prepareWebIdentity(options.source, role.keyless, name, files.configFile)
      : undefined;
  const origin = options.role.kind === "spec" ? `target ${options.role.target}` : "profile --role-arn";
  const source = options.source;
  const sourceSection = source.kind === "keys" ? sourceSectionName(name) : undefined;
  if (sourceSection !== undefined) validateProfileName(sourceSection, "source profile name");
  if (source.kind === "source-profile") validateProfileName(source.profile, "source profile name");
  if (source.kind === "keys") {
    validateSourceKeys(source.keys, "the environment");
    if (source.keys.sessionToken !== undefined) warnings.push(temporaryKeysWarning(sourceSection ?? name));
  }

  if (source.kind === "source-profile") {
    const missing = await missingSourceProfile(files, source.profile);
    if (missing !== undefined && !force) {
      throw new UsageError(missing, {
        hint: "Create that profile first (aws configure --profile NAME, or crossrole profile … --source-from-env), fix the name, or pass --force to write the profile anyway.",
      });
    }
    if (missing !== undefined) warnings.push(`${missing} The profile will not work until it exists.`);
  }

  // Check both files before writing either, so a refusal changes nothing.
  if (!force) {
    const refused = [
      ...(await unmanagedIn(files.configFile, "config", [
        name,
        ...(webIdentity === undefined ? [] : [webIdentity.section.name]),
      ])),
      ...(sourceSection === undefined
        ? []
        : await unmanagedIn(files.credentialsFile, "credentials", [sourceSection])),
    ];
    if (refused.length > 0) throw new UnmanagedProfileError(refused);
  }

  const entries: IniEntry[] = [
    { key: "role_arn", value: role.roleArn },
    { key: "external_id", value: role.externalId },
    {
      key: "source_profile",
      value: source.kind === "source-profile" ? source.profile : (webIdentity?.section.name ?? sourceSection),
    },
    { key: "credential_source", value: source.kind === "credential-source" ? source.source : undefined },
    { key: "region", value: region },
    { key: "role_session_name", value: options.sessionName },
    { key: "duration_seconds", value: options.durationSeconds?.toString() },
  ];
  // The config profile first, then the credentials: a run killed in between leaves a profile naming a section that
  // is not there yet (the next run writes it), never keys no profile uses; and the orphan check below can trust
  // the config file, since every profile names its [NAME-source] before the section is written.
  const written = await writeAwsProfile(files.configFile, (doc) =>
    setManagedProfiles(
      doc,
      "config",
      [{ name, entries, origin }, ...(webIdentity === undefined ? [] : [webIdentity.section])],
      { force, file: files.configFile },
    ),
  );
  if (webIdentity !== undefined) {
    // After the profile is checked and written: a refused profile leaves no token behind.
    await ensurePrivateDir(dirname(webIdentity.tokenFile));
    await writeFileAtomic(webIdentity.tokenFile, webIdentity.token, { mode: 0o600, overwrite: true });
  }
  let changed = written.changed;
  const keys = source.kind === "keys" ? source.keys : undefined;
  if (keys !== undefined && sourceSection !== undefined) {
    const credentials = await writeAwsProfile(files.credentialsFile, async (doc) =>
      withoutOrphanSources(
        setManagedProfiles(
          doc,
          "credentials",
          [{ name: sourceSection, entries: keyEntries(keys), origin: sourceSectionOrigin(name) }],
          { force, file: files.credentialsFile },
        ),
        files.configFile,
      ),
    );
    changed ||= credentials.changed;
  } else if ((await readAwsFile(files.credentialsFile)) !== undefined) {
    // No longer using copied keys: the [NAME-source] crossrole wrote earlier goes (no long-term key lingers), with
    // any other source section no profile names any more; but never one a profile still names (e.g.
    // --source-profile NAME-source keeps it).
    const credentials = await writeAwsProfile(files.credentialsFile, async (doc) =>
      withoutOrphanSources(doc, files.configFile),
    );
    changed ||= credentials.changed;
  }

  const result: WriteProfileResult = {
    profile: name,
    roleArn: role.roleArn,
    configFile: files.configFile,
    changed,
    warnings,
  };
  if (role.externalId !== undefined) result.externalId = role.externalId;
  if (region !== undefined) result.region = region;
  if (webIdentity !== undefined) {
    result.webIdentity = {
      sourceProfile: webIdentity.section.name,
      buildRoleArn: webIdentity.buildRoleArn,
      tokenFile: webIdentity.tokenFile,
      ...(webIdentity.expiration === undefined ? {} : { tokenExpiration: webIdentity.expiration }),
    };
  }
  if (sourceSection !== undefined) {
    result.sourceSection = sourceSection;
    result.credentialsFile = files.credentialsFile;
  }
  return result;
}

/** Options of {@link removeProfile}. */
export interface RemoveProfileOptions {
  files: AwsProfileFiles;
  name: string;
}

/** What {@link removeProfile} did. */
export interface RemoveProfileResult {
  /** `[header] in FILE` of every section removed. */
  removed: string[];
}

/**
 * Removes the profile crossrole wrote: the marked config section of `name`, and the marked credentials sections
 * `[NAME-source]` (profile --source-from-env) and `[NAME]` (configure --from-env). Nothing else: a section without
 * crossrole's marker is refused (UnmanagedProfileError, nothing changed); a missing one is not an error.
 */
export async function removeProfile(options: RemoveProfileOptions): Promise<RemoveProfileResult> {
  validateProfileName(options.name);
  const { files, name } = options;
  const configDoc = await readAwsFile(files.configFile);
  const refused =
    configDoc === undefined ? [] : findUnmanagedProfiles(configDoc, "config", [name], files.configFile);
  if (refused.length > 0) throw new UnmanagedProfileError(refused);

  const removed: string[] = [];
  if (configDoc !== undefined) {
    await writeAwsProfile(files.configFile, (doc) => {
      const result = removeManagedProfiles(doc, "config", [name], files.configFile);
      if (result.unmanaged.length > 0) {
        throw new UnmanagedProfileError([`[${profileSectionHeader(name, "config")}] in ${files.configFile}`]);
      }
      // A keyless profile's [profile NAME-source] goes with it, unless another profile still names it.
      const left: AwsFileDocument = { doc: result.doc, kind: "config" };
      const source = unreferencedManagedSections(left, [sourceSectionName(name)], [left]);
      const final =
        source.length === 0 ? result : removeManagedProfiles(result.doc, "config", source, files.configFile);
      for (const n of [...result.removed, ...(final === result ? [] : final.removed)])
        removed.push(`[${profileSectionHeader(n, "config")}] in ${files.configFile}`);
      return final.doc;
    });
  }
  const tokenFile = join(dirname(files.configFile), WEB_IDENTITY_TOKEN_DIR, `${name}.jwt`);
  if (
    (await rm(tokenFile)
      .then(() => true)
      .catch(() => false)) === true
  )
    removed.push(tokenFile);
  const credentialsDoc = await readAwsFile(files.credentialsFile);
  if (credentialsDoc !== undefined) {
    const config = await readAwsFile(files.configFile);
    await writeAwsProfile(files.credentialsFile, (doc) => {
      // Unmarked credentials sections (the user's own keys named like the profile) are simply not ours: kept. The
      // profile's [NAME-source] goes only if no other profile still names it as its source_profile.
      const target: AwsFileDocument = { doc, kind: "credentials" };
      const all = config === undefined ? [target] : [target, { doc: config, kind: "config" as const }];
      const source = unreferencedManagedSections(target, [sourceSectionName(name)], all);
      const result = removeManagedProfiles(doc, "credentials", [...source, name], files.credentialsFile);
      for (const n of result.removed) removed.push(`[${n}] in ${files.credentialsFile}`);
      return result.doc;
    });
  }
  return { removed };
}

/**
 * Checks keys before they are written to a credentials file. Messages name the variable, never the value.
 * @param from where the keys came from, for the message (e.g. "the environment").
 */
export function validateSourceKeys(keys: SourceKeys, from: string): void {
  const problems: string[] = [];
  if (!ACCESS_KEY_ID.test(keys.accessKeyId)) {
    problems.push("AWS_ACCESS_KEY_ID is not an access key id (16-128 letters and digits, e.g. AKIA...)");
  }
  if (!BASE64ISH.test(keys.secretAccessKey)) {
    problems.push(
      "AWS_SECRET_ACCESS_KEY holds characters a secret access key never has (expected A-Z a-z 0-9 + / =)",
    );
  }
  if (keys.sessionToken !== undefined && !BASE64ISH.test(keys.sessionToken)) {
    problems.push(
      "AWS_SESSION_TOKEN holds characters a session token never has (expected A-Z a-z 0-9 + / =)",
    );
  }
  if (problems.length > 0) {
    throw new CrossroleError(
      "INVALID_SOURCE_KEYS",
      "invalid-input",
      `invalid keys in ${from} (values not shown): ${problems.join("; ")}.`,
      {
        hint: "Check for stray quotes, spaces or line breaks around the values.",
      },
    );
  }
}

/** The warning given when a profile assumes a role without an ExternalId. */
export function noExternalIdWarning(roleArn: string): string {
  return (
    `no ExternalId for ${roleArn}: the profile assumes the role without one. ` +
    "The role's trust policy should require sts:ExternalId (confused-deputy protection); set one in the spec, with --external-id, or EXTERNAL_ID."
  );
}

// --- internal ---

const ACCESS_KEY_ID = /^\w{16,128}$/;
const BASE64ISH = /^[A-Za-z0-9+/=]+$/;

interface ResolvedRole {
  keyless?: KeylessBuild;
  roleArn: string;
  externalId?: string;
  region?: string;
  defaultName: string;
}

async function resolveProfileRole(source: ProfileRoleSource): Promise<ResolvedRole> {
  if (source.kind === "role") {
    const resolved: ResolvedRole = {
      roleArn: source.roleArn,
      defaultName: source.roleArn.split("/").pop() ?? "",
    };
    if (source.externalId !== undefined) resolved.externalId = source.externalId;
    if (source.region !== undefined) resolved.region = source.region;
    return resolved;
  }
  const { spec, file } = await loadSpec(source.file);
  const plan = buildAccessPlan(spec, file);
  const target = selectOneTarget(plan, source.target);
  const resolved: ResolvedRole = { roleArn: target.roleArn, region: target.region, defaultName: target.name };
  const keyless = resolvedTargetsOf(plan).find((t) => t.name === target.name)?.keyless;
  if (keyless !== undefined) resolved.keyless = keyless;
  // During an ExternalId rotation the spec lists the new value first.
  const externalId = target.externalIds[0];
  if (externalId !== undefined) resolved.externalId = externalId;
  return resolved;
}

/** The directory beside the AWS config file where `profile` keeps CI tokens (0700; files 0600). */
export const WEB_IDENTITY_TOKEN_DIR = "crossrole-web-identity";

interface PreparedWebIdentity {
  section: { name: string; entries: IniEntry[]; origin: string };
  buildRoleArn: string;
  tokenFile: string;
  token: string;
  expiration?: Date;
}

/** Finds the CI token as assume would, and the `[profile NAME-source]` section that reads it from its file. */
async function prepareWebIdentity(
  source: Extract<ProfileCredentialSource, { kind: "ci-token" }>,
  keyless: KeylessBuild | undefined,
  name: string,
  configFile: string,
): Promise<PreparedWebIdentity> {
  const ci =
    keyless === undefined
      ? undefined
      : selectCiTokenSource(source.env, keyless, {
          tokenVariable: source.tokenVariable,
        });
  if (keyless === undefined || ci === undefined) {
    throw new UsageError(
      "crossrole profile: choose exactly one of --source-profile, --source-from-env, --credential-source (0 given).",
      {
        hint:
          keyless === undefined
            ? "They say where the profile's AssumeRole call gets the BUILD credentials. Run: crossrole profile --help"
            : "Or run it in the CI job, where the spec's build.oidc token is found (GitHub Actions with id-token: write, or the GitLab id_tokens variable), to write a keyless profile.",
      },
    );
  }
  const token = await readCiToken(ci, source.env);
  const sectionName = sourceSectionName(name);
  validateProfileName(sectionName, "source profile name");
  const tokenFile = join(dirname(configFile), WEB_IDENTITY_TOKEN_DIR, `${name}.jwt`);
  if (/[\r\n]/.test(tokenFile))
    throw new UsageError("the AWS config file's directory has a line break in its path.");
  const exp = Number(token.claims.other.exp);
  return {
    section: {
      name: sectionName,
      entries: [
        { key: "web_identity_token_file", value: tokenFile },
        { key: "role_arn", value: keyless.buildRoleArn },
        { key: "role_session_name", value: token.sessionName },
      ],
      origin: sourceSectionOrigin(name),
    },
    buildRoleArn: keyless.buildRoleArn,
    tokenFile,
    token: token.token,
    ...(Number.isFinite(exp) ? { expiration: new Date(exp * 1000) } : {}),
  };
}

function validateProfileValues(values: {
  roleArn: string;
  externalId?: string | undefined;
  region?: string | undefined;
  sessionName?: string | undefined;
  durationSeconds?: number | undefined;
}): void {
  if (!isRoleArn(values.roleArn)) {
    throw new UsageError(`"${values.roleArn}" is not an IAM role ARN.`, {
      hint: "Expected arn:aws:iam::123456789012:role/NAME (or role/path/NAME).",
    });
  }
  if (values.externalId !== undefined && !EXTERNAL_ID.test(values.externalId)) {
    throw new UsageError(
      `the ExternalId is invalid: it must be 2..1224 characters of ${EXTERNAL_ID_CHARSET}.`,
    );
  }
  if (values.region !== undefined && !REGION.test(values.region)) {
    throw new UsageError(`"${values.region}" is not an AWS region.`, {
      hint: "Expected a region such as eu-west-1.",
    });
  }
  if (values.sessionName !== undefined && !SESSION_NAME.test(values.sessionName)) {
    throw new UsageError(
      `invalid session name "${values.sessionName}": it must be 2..64 characters of letters, digits and _ + = , . @ -.`,
    );
  }
  const d = values.durationSeconds;
  if (d !== undefined && (!Number.isInteger(d) || d < MIN_DURATION_SECONDS || d > MAX_DURATION_SECONDS)) {
    throw new UsageError(`invalid duration ${d}: it must be a whole number of seconds in 900..43200.`, {
      hint: "The role's MaxSessionDuration caps it too (default 3600), and role chaining caps it at 3600.",
    });
  }
}

function keyEntries(keys: SourceKeys): IniEntry[] {
  return [
    { key: "aws_access_key_id", value: keys.accessKeyId },
    { key: "aws_secret_access_key", value: keys.secretAccessKey },
    { key: "aws_session_token", value: keys.sessionToken },
  ];
}

function temporaryKeysWarning(section: string): string {
  return (
    `AWS_SESSION_TOKEN is set, so the keys copied into [${section}] are temporary: ` +
    "the profile stops working when they expire. Prefer long-term BUILD keys or --credential-source."
  );
}

async function unmanagedIn(file: string, kind: "config" | "credentials", names: string[]): Promise<string[]> {
  const doc = await readAwsFile(file);
  return doc === undefined ? [] : findUnmanagedProfiles(doc, kind, names, file);
}

/**
 * `doc` (a credentials file) without the marked `[NAME-source]` sections no profile of `configFile` names: read
 * while the credentials file's lock is held, so a concurrent `profile --source-from-env` (which writes its config
 * profile first) is never mistaken for an orphan.
 */
async function withoutOrphanSources(doc: IniDocument, configFile: string): Promise<IniDocument> {
  return removeOrphanSourceSections(doc, await readAwsFile(configFile)).doc;
}

/** Why `--source-profile NAME` cannot work (no such profile in either file), or undefined when it exists. */
async function missingSourceProfile(files: AwsProfileFiles, name: string): Promise<string | undefined> {
  const all: AwsFileDocument[] = [];
  const config = await readAwsFile(files.configFile);
  if (config !== undefined) all.push({ doc: config, kind: "config" });
  const credentials = await readAwsFile(files.credentialsFile);
  if (credentials !== undefined) all.push({ doc: credentials, kind: "credentials" });
  if (profileExists(all, name)) return undefined;
  return `source profile "${name}" does not exist: no [profile ${name}] in ${files.configFile} and no [${name}] in ${files.credentialsFile}.`;
}
