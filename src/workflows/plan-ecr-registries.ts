import { UsageError } from "../core/errors.js";
import { type EcrRegistryHost, formatEcrHost, parseEcrHost } from "../core/identifiers/parse-ecr-host.js";
import { resolveCredentialCacheDir } from "../local/cache/credential-cache.js";
import type { AssumeTargetOptions } from "./assume-target.js";
import { pickEcrTargets, resolveEcrTargets } from "./resolve-ecr-targets.js";
import { sourceProfileRegion } from "./source-profile-region.js";

/** Which registries an `ecr` command is about. */
export interface EcrRegistrySelection {
  /** How to assume (every option but the target), as parsed from the command line. */
  assume: Omit<AssumeTargetOptions, "target">;
  /**
   * Whose roles: the spec's `targetNames` (every target when empty), or one ad hoc role (`--role-arn`;
   * `targetNames` must then be empty).
   */
  source: { kind: "spec"; file: string } | { kind: "role"; roleArn: string; externalId?: string | undefined };
  targetNames: readonly string[];
  /** `--registry-id`: these accounts' registries instead of each target's own. */
  registryIds: readonly string[];
  /** `--region`: the registries' region instead of each target's. */
  region?: string | undefined;
  /** crossrole's version (index key). */
  version: string;
}

/** One registry to log in to (or route, or log out of), and the role that reads it. */
export interface PlannedRegistry {
  registry: EcrRegistryHost;
  /** The spec target, for spec targets. */
  target?: string;
  roleArn: string;
  externalId?: string;
  /** Keyless builds: the spec's `build.oidc.tokenVariable` (part of the ECR token cache key). */
  tokenVariable?: string;
  /** The options that assume `roleArn`. */
  assume: AssumeTargetOptions;
}

/** The registries and the notices about them (a host reached by two targets is kept once). */
export interface EcrRegistryPlan {
  registries: PlannedRegistry[];
  cacheDir: string;
  notices: string[];
}

/**
 * Expands targets × registry IDs into registry hosts (`<account>.dkr.ecr.<region>.amazonaws.com`, `.com.cn` in
 * China). Resolving spec targets reads the spec (or its cached index); nothing here calls AWS.
 * @throws UsageError for a malformed --registry-id, an unknown target, or a missing region.
 */
export async function planEcrRegistries(selection: EcrRegistrySelection): Promise<EcrRegistryPlan> {
  for (const id of selection.registryIds) {
    if (!/^\d{12}$/.test(id)) {
      throw new UsageError(`--registry-id takes a 12-digit AWS account ID, not "${id}".`);
    }
  }
  const template = selection.assume;
  const source = selection.source;
  const cacheDir = template.cacheDir ?? resolveCredentialCacheDir(template.env, template.home);
  const roles: Omit<PlannedRegistry, "registry">[] = [];
  const regions: string[] = [];
  const accounts: string[] = [];
  if (source.kind === "role") {
    const account = /^arn:[\w-]+:iam::(\d{12}):role\//.exec(source.roleArn)?.[1];
    if (account === undefined) {
      throw new UsageError(`--role-arn must be an IAM role ARN, not "${source.roleArn}".`);
    }
    const region =
      selection.region ??
      template.region ??
      template.env.AWS_REGION ??
      template.env.AWS_DEFAULT_REGION ??
      sourceProfileRegion(template.env, template.home, template.sourceProfile)?.value;
    if (region === undefined || region === "") {
      throw new UsageError("no AWS region is set for the registry.", {
        hint: "Pass --region, set AWS_REGION, or give the source profile a region.",
      });
    }
    const role: Omit<PlannedRegistry, "registry"> = {
      roleArn: source.roleArn,
      assume: { ...template, target: source },
    };
    if (source.externalId !== undefined) role.externalId = source.externalId;
    roles.push(role);
    regions.push(region);
    accounts.push(account);
  } else {
    const file = source.file;
    const all = await resolveEcrTargets({
      file,
      cacheDir,
      cache: template.cache ?? true,
      version: selection.version,
    });
    for (const t of pickEcrTargets(all, selection.targetNames, file)) {
      const role: Omit<PlannedRegistry, "registry"> = {
        target: t.name,
        roleArn: t.roleArn,
        assume: { ...template, target: { kind: "spec", file, target: t.name } },
      };
      if (t.externalId !== undefined) role.externalId = t.externalId;
      if (t.keyless !== undefined) role.tokenVariable = t.keyless.tokenVariable;
      roles.push(role);
      regions.push(selection.region ?? t.region);
      accounts.push(t.account);
    }
  }
  const registries: PlannedRegistry[] = [];
  const notices: string[] = [];
  roles.forEach((role, i) => {
    const region = regions[i] as string;
    const ids = selection.registryIds.length > 0 ? selection.registryIds : [accounts[i] as string];
    for (const account of ids) {
      const registry = parseEcrHost(formatEcrHost({ account, region }));
      if (registry === undefined)
        throw new UsageError(`"${region}" is not a valid region for an ECR registry.`);
      const seen = registries.find((r) => r.registry.host === registry.host);
      if (seen !== undefined) {
        notices.push(
          `${registry.host} is reached through ${seen.target ?? seen.roleArn}; ${role.target ?? role.roleArn} is not used for it.`,
        );
        continue;
      }
      registries.push({ ...role, registry });
    }
  });
  return { registries, cacheDir, notices };
}
