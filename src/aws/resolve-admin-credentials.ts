import type { AdminSpec } from "../core/spec-schema.js";
import type { AwsClientConfig } from "./aws-client-config.js";
import { createStsAdapter } from "./sts-adapter.js";

/** Where one side's administrator credentials come from, after flags and spec are combined. */
export type AdminSource =
  | { kind: "default" }
  | { kind: "profile"; profile: string }
  | { kind: "role"; roleArn: string; externalId?: string };

/** Options of {@link resolveAdminCredentials}. */
export interface ResolveAdminOptions {
  region?: string | undefined;
  endpoint?: string | undefined;
}

/**
 * Chooses the admin credential source of one side: a command-line profile (`--target-profile` /
 * `--build-profile`) wins over the spec's `admin`, which wins over the default chain.
 */
export function chooseAdminSource(
  flagProfile: string | undefined,
  admin: AdminSpec | undefined,
): AdminSource {
  if (flagProfile !== undefined) return { kind: "profile", profile: flagProfile };
  if (admin?.profile !== undefined) return { kind: "profile", profile: admin.profile };
  if (admin?.roleArn !== undefined) {
    return admin.externalId === undefined
      ? { kind: "role", roleArn: admin.roleArn }
      : { kind: "role", roleArn: admin.roleArn, externalId: admin.externalId };
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
      return `role:${source.roleArn}:${source.externalId ?? ""}`;
  }
}

/**
 * Resolves admin credentials to a client configuration: the default chain, a profile (the SDK reads it, including
 * a profile that itself assumes a role), or a role assumed once from the default chain (session
 * `crossrole-admin`, 1 hour). The assumed credentials stay in memory only.
 */
export async function resolveAdminCredentials(
  source: AdminSource,
  options: ResolveAdminOptions = {},
): Promise<AwsClientConfig> {
  const base: AwsClientConfig = { region: options.region, endpoint: options.endpoint };
  if (source.kind === "default") return base;
  if (source.kind === "profile") return { ...base, profile: source.profile };
  const sts = createStsAdapter(base);
  const assumed = await sts.assumeRole({
    roleArn: source.roleArn,
    externalId: source.externalId,
    sessionName: "crossrole-admin",
    durationSeconds: 3600,
  });
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
      return `role ${source.roleArn}`;
  }
}
