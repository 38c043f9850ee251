import { UsageError } from "../core/errors.js";
import { substituteAccount, usesAccountPlaceholder } from "../core/identifiers/admin-role-arn.js";
import type { AdminSpec } from "../core/spec/spec-schema.js";
import type { AwsClientConfig } from "./aws-client-config.js";
import { createStsAdapter } from "./sts-adapter.js";

/** Where one side's administrator credentials come from, after flags and spec are combined. */
export type AdminSource =
  | { kind: "default" }
  | { kind: "profile"; profile: string }
  | {
      kind: "role";
      roleArn: string;
      externalId?: string;
      /** The profile whose credentials assume the role; undefined: the default chain. */
      sourceProfile?: string;
    };

/** Options of {@link resolveAdminCredentials}. */
export interface ResolveAdminOptions {
  region?: string | undefined;
  endpoint?: string | undefined;
}

/**
 * Chooses the admin credential source of one side: a command-line profile (`--target-profile` /
 * `--build-profile`) wins over the spec's `admin`, which wins over the default chain. One exception: a per-account
 * `admin.roleArn` (`arn:aws:iam::{account}:role/NAME`, multi-account targets) is always used, with `{account}`
 * replaced by `account`, and the flag's profile is then the SOURCE credentials the role is assumed from (a single
 * profile cannot be in every account of a group).
 *
 * @param account the account of the side, substituted for `{account}`; required when the ARN has it.
 */
export function chooseAdminSource(
  flagProfile: string | undefined,
  admin: AdminSpec | undefined,
  account?: string,
): AdminSource {
  const roleArn = admin?.roleArn;
  if (roleArn !== undefined && usesAccountPlaceholder(roleArn)) {
    if (account === undefined) {
      throw new UsageError(
        `admin.roleArn ${roleArn}: {account} needs the account it stands for, and none is known here.`,
        {
          hint: "{account} is only used in a target with accounts; name the account in the ARN elsewhere.",
        },
      );
    }
    return {
      kind: "role",
      roleArn: substituteAccount(roleArn, account),
      ...(admin?.externalId === undefined ? {} : { externalId: admin.externalId }),
      ...(flagProfile === undefined ? {} : { sourceProfile: flagProfile }),
    };
  }
  if (flagProfile !== undefined) return { kind: "profile", profile: flagProfile };
  if (admin?.profile !== undefined) return { kind: "profile", profile: admin.profile };
  if (roleArn !== undefined) {
    return admin?.externalId === undefined
      ? { kind: "role", roleArn }
      : { kind: "role", roleArn, externalId: admin.externalId };
  }
  return { kind: "default" };
}

/** A stable key for caching one connection per distinct credential source. */
export function adminSourceKey(source: AdminSource): string {
  switch (source.kind) {
    case "default":
      return "default";
    case "profile":
      return `profile:${source.profile}`;
    case "role":
      return `role:${source.roleArn}:${source.externalId ?? ""}:${source.sourceProfile ?? ""}`;
  }
}

/**
 * Resolves admin credentials to a client configuration: the default chain, a profile (the SDK reads it, including
 * a profile that itself assumes a role), or a role assumed once from the default chain or its source profile
 * (session `crossrole-admin`, 1 hour). The assumed credentials stay in memory only.
 */
export async function resolveAdminCredentials(
  source: AdminSource,
  options: ResolveAdminOptions = {},
): Promise<AwsClientConfig> {
  const base: AwsClientConfig = { region: options.region, endpoint: options.endpoint };
  if (source.kind === "default") return base;
  if (source.kind === "profile") return { ...base, profile: source.profile };
  const sts = createStsAdapter(
    source.sourceProfile === undefined ? base : { ...base, profile: source.sourceProfile },
  );
  const assumed = await sts.assumeRole(
    {
      roleArn: source.roleArn,
      externalId: source.externalId,
      sessionName: "crossrole-admin",
      durationSeconds: 3600,
    },
    { adminRole: true },
  );
  return { ...base, credentials: assumed.credentials };
}

/** Describes a source for messages, e.g. `profile target-admin`. Never includes secrets. */
export function describeAdminSource(source: AdminSource): string {
  switch (source.kind) {
    case "default":
      return "the default credential chain";
    case "profile":
      return `profile ${source.profile}`;
    case "role":
      return source.sourceProfile === undefined
        ? `role ${source.roleArn}`
        : `role ${source.roleArn} from profile ${source.sourceProfile}`;
  }
}
