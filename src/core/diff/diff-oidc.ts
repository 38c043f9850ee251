import { type BuildPlan, MANAGED_TAG_KEY, MANAGED_TAG_VALUE, type TargetPlan } from "../plan/access-plan.js";
import type { BuildOidcPlan } from "../plan/oidc-plan.js";
import { diffTarget, isManaged, type TargetDiff, targetInSync } from "./diff-access.js";
import type { IamCall } from "./iam-call.js";
import type { LiveOidcState } from "./live-state.js";
import { planTargetChanges } from "./plan-changes.js";

/**
 * Keyless builds (`build.oidc`): the IAM OIDC identity provider and the BUILD role, compared with the plan and
 * turned into IAM calls. Pure. The provider is one per issuer URL per account, so it may be shared with roles
 * crossrole does not know: crossrole adds its audience as a client ID and its tag, and never removes a client ID.
 * The BUILD role is compared like a target role (trust, MaxSessionDuration, description, managed-by tag); its
 * policies are the BUILD grant's business (plan-changes.ts), so attachments are not compared here.
 */

/**
 * - `create`: no provider for the issuer in the BUILD account.
 * - `update`: crossrole's provider lacks the audience or the tag.
 * - `in-sync`: crossrole's provider with the audience.
 * - `unmanaged`: a provider without managed-by=crossrole (someone else's): used only with `--adopt`.
 */
export type OidcProviderStatus = "create" | "update" | "in-sync" | "unmanaged";

/** How the live provider and BUILD role differ from the plan. */
export interface OidcDiff {
  providerArn: string;
  providerStatus: OidcProviderStatus;
  /** The planned audience is not among the provider's client IDs. */
  audienceMissing: boolean;
  /** Client IDs on the provider besides the audience: reported, never removed (other roles may use them). */
  otherClientIds: string[];
  /** The BUILD role, as a target role is diffed (attachments not compared). */
  role: TargetDiff;
}

/** The BUILD role as a target-like plan, so the target role machinery creates and updates it. */
export function oidcRoleAsTarget(build: BuildPlan, oidc: BuildOidcPlan): TargetPlan {
  return {
    name: "BUILD",
    account: build.account,
    region: "us-east-1",
    partition: build.partition,
    roleName: oidc.roleName,
    rolePath: oidc.rolePath,
    roleArn: oidc.roleArn,
    description: oidc.description,
    externalIds: [],
    maxSessionDuration: oidc.maxSessionDuration,
    trustPolicy: oidc.trustPolicy,
    managedPolicyArns: [],
    tags: oidc.tags,
  };
}

/** Compares the planned provider and BUILD role with what IAM holds. */
export function diffOidc(build: BuildPlan, oidc: BuildOidcPlan, live: LiveOidcState): OidcDiff {
  const provider = live.provider;
  const audienceMissing = provider === undefined || !provider.clientIds.includes(oidc.audience);
  const managed = provider !== undefined && provider.tags[MANAGED_TAG_KEY] === MANAGED_TAG_VALUE;
  const providerStatus: OidcProviderStatus =
    provider === undefined ? "create" : !managed ? "unmanaged" : audienceMissing ? "update" : "in-sync";
  const role = diffTarget(oidcRoleAsTarget(build, oidc), live.role);
  role.managedPolicies = { attach: [], detach: [] };
  role.foreignInlinePolicies = [];
  if (role.status === "update" && targetInSync(role)) role.status = "in-sync";
  return {
    providerArn: oidc.providerArn,
    providerStatus,
    audienceMissing,
    otherClientIds: (provider?.clientIds ?? []).filter((c) => c !== oidc.audience),
    role,
  };
}

/** True when neither the provider nor the role would change. */
export function oidcInSync(diff: OidcDiff): boolean {
  return diff.providerStatus === "in-sync" && diff.role.status === "in-sync";
}

/**
 * The calls that make the provider and the BUILD role as planned: the provider first (the role's trust names it),
 * then the role (CreateRole, or UpdateAssumeRolePolicy / UpdateRole / TagRole). An unmanaged provider or role gets
 * calls only when adopting (the caller refuses otherwise); adopting tags them managed-by=crossrole.
 */
export function planOidcChanges(
  build: BuildPlan,
  oidc: BuildOidcPlan,
  diff: OidcDiff,
  options: { adopt?: boolean } = {},
): IamCall[] {
  const calls: IamCall[] = [];
  const adopt = options.adopt === true;
  if (diff.providerStatus === "create") {
    calls.push({
      kind: "CreateOpenIDConnectProvider",
      url: oidc.issuer,
      clientIds: [oidc.audience],
      tags: oidc.tags,
    });
  } else if (diff.providerStatus === "update" || (diff.providerStatus === "unmanaged" && adopt)) {
    if (diff.audienceMissing)
      calls.push({
        kind: "AddClientIDToOpenIDConnectProvider",
        providerArn: oidc.providerArn,
        clientId: oidc.audience,
      });
    if (diff.providerStatus === "unmanaged")
      calls.push({ kind: "TagOpenIDConnectProvider", providerArn: oidc.providerArn, tags: oidc.tags });
  }
  calls.push(...planTargetChanges(oidcRoleAsTarget(build, oidc), diff.role, { adopt }));
  return calls;
}

/** What destroy removes of the keyless part, and what it keeps and why. */
export interface OidcDestroyPlan {
  calls: IamCall[];
  kept: string[];
}

/**
 * Destroy: the BUILD role when crossrole manages it and nothing but this spec's grant is on it (the grant's calls
 * come first, from the BUILD grant plan), then the provider when crossrole manages it and no other role of the
 * account trusts it. `grantPolicies` are the inline policies the grant plan removes; `trustingRoles` are the ARNs
 * of every role whose trust names the provider.
 */
export function planOidcDestroy(
  oidc: BuildOidcPlan,
  live: LiveOidcState,
  removedInline: readonly string[],
  removedAttached: readonly string[],
  trustingRoles: readonly string[],
): OidcDestroyPlan {
  const result: OidcDestroyPlan = { calls: [], kept: [] };
  const role = live.role.role;
  let roleGoes = false;
  if (role !== undefined) {
    if (!isManaged(role)) {
      result.kept.push(`BUILD role ${oidc.roleArn} is not tagged managed-by=crossrole: left untouched`);
    } else {
      const left = [
        ...role.inlinePolicyNames.filter((n) => !removedInline.includes(n)).map((n) => `inline policy ${n}`),
        ...role.attachedPolicyArns
          .filter((a) => !removedAttached.includes(a))
          .map((a) => `managed policy ${a}`),
      ];
      if (left.length === 0) {
        result.calls.push({ kind: "DeleteRole", roleName: oidc.roleName });
        roleGoes = true;
      } else {
        result.kept.push(
          `BUILD role ${oidc.roleArn} kept: it still has ${left.join(", ")}, which this spec did not put there; remove them, then run crossrole destroy again`,
        );
      }
    }
  }
  const provider = live.provider;
  if (provider === undefined) return result;
  if (provider.tags[MANAGED_TAG_KEY] !== MANAGED_TAG_VALUE) {
    result.kept.push(`OIDC provider ${oidc.providerArn} is not tagged managed-by=crossrole: left untouched`);
    return result;
  }
  const others = trustingRoles.filter((arn) => !(roleGoes && arn === oidc.roleArn));
  if (others.length > 0) {
    result.kept.push(
      `OIDC provider ${oidc.providerArn} kept: ${others.length === 1 ? "another role trusts" : `${others.length} other roles trust`} it (${others.join(", ")})`,
    );
    return result;
  }
  result.calls.push({ kind: "DeleteOpenIDConnectProvider", providerArn: oidc.providerArn });
  return result;
}
