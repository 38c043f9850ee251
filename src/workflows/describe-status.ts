import type { CallerIdentity } from "../core/diff/live-state.js";
import { asReadFailure } from "../core/errors.js";
import type { CallerIdentityPort } from "../core/ports/caller-identity-port.js";
import { type CachedSessionSummary, listCachedSessions } from "../local/cache/list-cached-sessions.js";
import { listManagedSections, type ManagedSection } from "../outputs/ini/list-managed-sections.js";
import { readDockerEntriesState } from "../outputs/read-docker-config.js";
import type { AwsProfileFiles } from "../outputs/write-aws-profile.js";
import { readAwsFile } from "../outputs/write-aws-profile.js";
import { planAccess } from "./plan-access.js";

/** What {@link describeStatus} looks at. */
export interface DescribeStatusOptions {
  /** The spec in use, or why there is none (a message: where the search looked). */
  spec: { file: string } | { missing: string };
  /** The credential cache directory. */
  cacheDir: string;
  awsFiles: AwsProfileFiles;
  dockerConfigPath: string;
  /** GetCallerIdentity on the caller's credentials; created only when called. */
  identity: () => Promise<CallerIdentityPort>;
  now?: () => Date;
}

/** One part of the status: its value, or why it could not be found out. */
export type StatusPart<T> =
  | { ok: true; value: T }
  | { ok: false; problem: string; hint?: string | undefined };

/** A target of the spec, as whoami lists it. */
export interface StatusTarget {
  name: string;
  account: string;
  region: string;
  roleArn: string;
}

/** `crossrole whoami`: who, which spec, what crossrole has cached and written here. Holds no secret. */
export interface Status {
  identity: StatusPart<CallerIdentity>;
  spec: StatusPart<{ file: string; name?: string | undefined; targets: StatusTarget[] }>;
  sessions: Array<CachedSessionSummary & { expired: boolean }>;
  profiles: Array<ManagedSection & { file: string }>;
  docker: {
    configPath: string;
    auths: string[];
    credHelpers: Array<{ host: string; target?: string | undefined }>;
  };
}

/**
 * Everything `crossrole whoami` shows, each part on its own: missing credentials, a missing or invalid spec or an
 * unreadable file make that part a problem and leave the others. Reads the credential cache for roles and expiries
 * only (never a key), the AWS files for sections crossrole marked, docker's sidecar for the entries it added.
 */
export async function describeStatus(options: DescribeStatusOptions): Promise<Status> {
  const now = (options.now ?? (() => new Date()))();
  const [identity, spec, profiles, docker] = await Promise.all([
    part(async () => (await (await options.identity()).whoAmI()).identity),
    "missing" in options.spec
      ? Promise.resolve<Status["spec"]>({ ok: false, problem: options.spec.missing })
      : part(async () => {
          const file = (options.spec as { file: string }).file;
          const { plan } = await planAccess({ file });
          const targets = plan.targets.map((t) => ({
            name: t.name,
            account: t.account,
            region: t.region,
            roleArn: t.roleArn,
          }));
          return { file, name: plan.build.specName, targets };
        }),
    managedProfiles(options.awsFiles),
    dockerEntries(options.dockerConfigPath),
  ]);
  const sessions = listCachedSessions(options.cacheDir).map((s) => ({
    ...s,
    expired: s.expiration.getTime() <= now.getTime(),
  }));
  return { identity, spec, sessions, profiles, docker };
}

// --- internal ---

async function part<T>(run: () => Promise<T>): Promise<StatusPart<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const e = asReadFailure(error); // a bug is thrown; anything else is this part's problem
    return { ok: false, problem: e.message, hint: e.hint };
  }
}

async function managedProfiles(files: AwsProfileFiles): Promise<Status["profiles"]> {
  const found: Status["profiles"] = [];
  for (const file of [files.configFile, files.credentialsFile]) {
    const doc = await readAwsFile(file).catch(() => undefined);
    if (doc !== undefined) found.push(...listManagedSections(doc).map((s) => ({ ...s, file })));
  }
  return found;
}

async function dockerEntries(configPath: string): Promise<Status["docker"]> {
  const state = await readDockerEntriesState(configPath);
  return {
    configPath,
    auths: Object.keys(state.auths).sort(),
    credHelpers: Object.entries(state.credHelpers)
      .map(([host, e]) => ({ host, target: e.target }))
      .sort((a, b) => a.host.localeCompare(b.host)),
  };
}
