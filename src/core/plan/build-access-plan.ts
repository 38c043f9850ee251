import { partitionOf } from "../identifiers/aws-patterns.js";
import { ouExternalId } from "../spec/ou-external-id.js";
import type { AccessSpec, TargetSpec } from "../spec/spec-schema.js";
import { fleetMemberName } from "../spec/spec-value-rules.js";
import {
  type AccessPlan,
  type BuildPlan,
  MANAGED_TAG_KEY,
  MANAGED_TAG_VALUE,
  type TargetPlan,
} from "./access-plan.js";
import { policyForAccount } from "./account-scoped-policy.js";
import { buildGrantPolicy } from "./build-grant-policy.js";
import { buildOidcPlan } from "./build-oidc-plan.js";
import { buildPermissionTemplate } from "./build-permission-policy.js";
import { buildTrustPolicy } from "./build-trust-policy.js";
import { grantLayout, grantPolicyNameOf } from "./grant-layout.js";
import { toList } from "./policy-document.js";
import { type ResolvedBuildPrincipal, resolveBuildPrincipal } from "./resolve-build-principal.js";

/** MaxSessionDuration when the spec sets none: the IAM default and minimum (R7). */
export const DEFAULT_MAX_SESSION_DURATION = 3600;

/**
 * Derives, without any AWS call, every IAM document the spec implies (`crossrole plan`): per target the role
 * (ARN, trust policy, inline permission policy, managed policies, tags) and, for the BUILD account, the grant
 * that lets the build principal assume exactly those roles. Targets keep the spec's order. Pure.
 *
 * @param source the file the spec came from, recorded in the plan.
 */
export function buildAccessPlan(spec: AccessSpec, source: string): AccessPlan {
  const principal = resolveBuildPrincipal(spec.build.principal, spec.build.account, partitionOf(spec.region));
  const targets = Object.entries(spec.targets).flatMap(([name, target]) =>
    targetAccounts(target).map(({ account, group, externalId }) =>
      buildTargetPlan(name, target, spec, principal.arn, { account, group, externalId }),
    ),
  );
  const ouTargets = Object.entries(spec.targets).flatMap(([name, target]) =>
    target.organizationalUnits === undefined
      ? []
      : [
          {
            name,
            organizationalUnits: [...target.organizationalUnits],
            region: target.region ?? spec.region,
            ...splitRole(target.role),
            ...(target.externalIdPrefix === undefined ? {} : { externalIdPrefix: target.externalIdPrefix }),
            deployedAccounts: [...(target.deployedAccounts ?? [])],
            model: buildTargetPlan(name, target, spec, principal.arn, {
              account: MODEL_ACCOUNT,
              group: "",
              externalId:
                target.externalIdPrefix === undefined
                  ? undefined
                  : ouExternalId(target.externalIdPrefix, MODEL_ACCOUNT),
            }),
          },
        ],
  );
  return {
    source,
    build: withOidc(buildBuildPlan(spec.build.account, principal, targets, spec.name), spec),
    targets,
    ...(ouTargets.length === 0 ? {} : { organizationalUnitTargets: ouTargets }),
  };
}

// --- internal ---

interface AccountOfTarget {
  account: string;
  /** Set for an account of a multi-account target. */
  group: string | undefined;
  externalId: TargetSpec["externalId"];
}

/** The account a `model` plan of an OU target is planned for (its template comes from `permissionTemplate`). */
const MODEL_ACCOUNT = "000000000000";

/**
 * The accounts a target stands for: its one `account`, or each of `accounts` with that account's own ExternalId
 * from `externalIds` (none yet: empty, which the lint reports), or each of an OU target's `deployedAccounts`
 * (recorded by rollout) with the ExternalId derived from `externalIdPrefix`.
 */
function targetAccounts(target: TargetSpec): AccountOfTarget[] {
  if (target.account !== undefined)
    return [{ account: target.account, group: undefined, externalId: target.externalId }];
  if (target.organizationalUnits !== undefined) {
    const prefix = target.externalIdPrefix;
    return (target.deployedAccounts ?? []).map((account) => ({
      account,
      group: "",
      externalId: prefix === undefined ? undefined : ouExternalId(prefix, account),
    }));
  }
  return (target.accounts ?? []).map((account) => ({
    account,
    group: "",
    externalId: target.externalIds?.[account],
  }));
}

function buildTargetPlan(
  specName: string,
  target: TargetSpec,
  spec: AccessSpec,
  principalArn: string,
  of: AccountOfTarget,
): TargetPlan {
  const account = of.account;
  const name = of.group === undefined ? specName : fleetMemberName(specName, account);
  const region = target.region ?? spec.region;
  const partition = partitionOf(region);
  const { rolePath, roleName } = splitRole(target.role);
  const externalIds = toList(of.externalId);
  const permissionTemplate = buildPermissionTemplate(target.permissions, { partition, region });
  return {
    name,
    ...(of.group === undefined ? {} : { group: specName }),
    account,
    region,
    partition,
    roleName,
    rolePath,
    roleArn: `arn:${partition}:iam::${account}:role${rolePath}${roleName}`,
    description: target.description ?? defaultDescription(spec.build.account, specName),
    externalIds,
    maxSessionDuration: target.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
    trustPolicy: buildTrustPolicy({
      principalArn,
      externalIds,
      allowSessionTags: target.allowSessionTags ?? false,
      allowSourceIdentity: target.allowSourceIdentity ?? false,
    }),
    ...(permissionTemplate === undefined
      ? {}
      : { permissionPolicy: policyForAccount(permissionTemplate, account), permissionTemplate }),
    managedPolicyArns: [...new Set(target.permissions?.managedPolicyArns ?? [])].sort(),
    tags: roleTags(target.tags),
  };
}

function buildBuildPlan(
  account: string,
  principal: ResolvedBuildPrincipal,
  targets: TargetPlan[],
  specName: string | undefined,
): BuildPlan {
  const grantPolicy = buildGrantPolicy(targets);
  const grantPolicyName = grantPolicyNameOf(specName);
  return {
    account,
    partition: principal.partition,
    principalArn: principal.arn,
    principalKind: principal.kind,
    ...(principal.name === undefined ? {} : { principalName: principal.name }),
    principalPath: principal.path,
    ...(specName === undefined ? {} : { specName }),
    grantPolicyName,
    grantPolicy,
    grantLayout: grantLayout(
      grantPolicy,
      { kind: principal.kind, account, partition: principal.partition },
      { policyName: grantPolicyName },
    ),
  };
}

/** The BUILD plan with its keyless part when the spec has `build.oidc` (the schema made the principal a role). */
function withOidc(build: BuildPlan, spec: AccessSpec): BuildPlan {
  const oidc = spec.build.oidc;
  if (oidc === undefined || build.principalKind !== "role") return build;
  return {
    ...build,
    oidc: buildOidcPlan(oidc, {
      account: build.account,
      partition: build.partition,
      roleName: build.principalName ?? "",
      rolePath: build.principalPath,
      roleArn: build.principalArn,
    }),
  };
}

/** `/ci/OurThingBuildRole` → path `/ci/`, name `OurThingBuildRole`; a bare name has path `/`. */
function splitRole(role: string): { rolePath: string; roleName: string } {
  const cut = role.lastIndexOf("/");
  return cut < 0
    ? { rolePath: "/", roleName: role }
    : { rolePath: role.slice(0, cut + 1), roleName: role.slice(cut + 1) };
}

/** Role tags with keys sorted; crossrole's managed-by tag always wins. */
function roleTags(tags: Record<string, string> | undefined): Record<string, string> {
  const all: Record<string, string> = { ...tags, [MANAGED_TAG_KEY]: MANAGED_TAG_VALUE };
  return Object.fromEntries(Object.entries(all).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function defaultDescription(buildAccount: string, target: string): string {
  return `Assumed by builds in account ${buildAccount} (crossrole target ${target})`;
}
