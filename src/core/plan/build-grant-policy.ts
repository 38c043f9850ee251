import type { TargetPlan } from "./access-plan.js";
import {
  POLICY_VERSION,
  type PolicyDocument,
  type PolicyStatement,
  singleOrList,
  toList,
} from "./policy-document.js";

/** Session actions a caller needs on its own side too when the target trust allows them (R5, R9, R17). */
const SESSION_ACTIONS = [
  { action: "sts:TagSession", sid: "TagSessionOnTargets" },
  { action: "sts:SetSourceIdentity", sid: "SetSourceIdentityOnTargets" },
];

/**
 * The BUILD principal's identity policy (security check 5): `sts:AssumeRole` on exactly the targets' role ARNs,
 * sorted and deduplicated, never a wildcard. Cross-account, the caller's side must allow what the trust allows
 * (R17), so `sts:TagSession` / `sts:SetSourceIdentity` are granted, each in its own statement, on exactly the
 * roles whose trust policies allow them.
 *
 * @example
 * { "Version": "2012-10-17", "Statement": [{ "Sid": "AssumeTargetRoles", "Effect": "Allow",
 *   "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111111111111:role/OurThingBuildRole" }] }
 */
export function buildGrantPolicy(
  targets: readonly Pick<TargetPlan, "roleArn" | "trustPolicy">[],
): PolicyDocument {
  const statements: PolicyStatement[] = [
    grant(
      "AssumeTargetRoles",
      "sts:AssumeRole",
      targets.map((t) => t.roleArn),
    ),
  ];
  for (const { action, sid } of SESSION_ACTIONS) {
    const roles = targets.filter((t) => trustAllows(t.trustPolicy, action)).map((t) => t.roleArn);
    if (roles.length > 0) statements.push(grant(sid, action, roles));
  }
  return { Version: POLICY_VERSION, Statement: statements };
}

// --- internal ---

function grant(sid: string, action: string, roleArns: string[]): PolicyStatement {
  const resources = [...new Set(roleArns)].sort();
  return { Sid: sid, Effect: "Allow", Action: action, Resource: singleOrList(resources) };
}

function trustAllows(trust: PolicyDocument, action: string): boolean {
  return trust.Statement.some((s) => s.Effect === "Allow" && toList(s.Action).includes(action));
}

/** Whether a grant names any role: with no target roles yet (e.g. OUs before their first rollout) there is none. */
export function grantsAnything(policy: PolicyDocument): boolean {
  return policy.Statement.some((s) => toList(s.Resource).length > 0);
}
