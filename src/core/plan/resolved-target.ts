import { DEFAULT_ID_TOKEN_VARIABLE } from "../identifiers/oidc-issuers.js";
import type { AccessPlan } from "./access-plan.js";
import type { KeylessBuild } from "./keyless-build.js";

/**
 * What one target of a spec resolves to: enough to call AssumeRole (assume, exec) or to map a registry host to
 * its role (ecr login, the docker credential helper) without parsing the spec again. No secret.
 */
export interface ResolvedTarget {
  /** The plan's name: the spec's target name, or `GROUP-ACCOUNT` for one account of a multi-account target. */
  name: string;
  account: string;
  roleArn: string;
  /** The ExternalId callers send (the first one during a rotation). */
  externalId?: string;
  region: string;
  maxSessionDuration: number;
  /** The BUILD principal the spec names (for AccessDenied diagnostics). */
  principalArn: string;
  /** Keyless builds (`build.oidc`): the BUILD hop a CI token makes. */
  keyless?: KeylessBuild;
}

/** Every target of a plan, in its order, as resolved targets. */
export function resolvedTargetsOf(plan: AccessPlan): ResolvedTarget[] {
  return plan.targets.map((t) => {
    const resolved: ResolvedTarget = {
      name: t.name,
      account: t.account,
      roleArn: t.roleArn,
      region: t.region,
      maxSessionDuration: t.maxSessionDuration,
      principalArn: plan.build.principalArn,
    };
    const externalId = t.externalIds[0];
    if (externalId !== undefined) resolved.externalId = externalId;
    const oidc = plan.build.oidc;
    if (oidc !== undefined) {
      resolved.keyless = {
        buildRoleArn: oidc.roleArn,
        issuer: oidc.issuer,
        audience: oidc.audience,
        tokenVariable: oidc.tokenVariable ?? DEFAULT_ID_TOKEN_VARIABLE,
      };
    }
    return resolved;
  });
}
