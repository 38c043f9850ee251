import {
  POLICY_VERSION,
  type PolicyDocument,
  type PolicyStatement,
  singleOrList,
} from "./policy-document.js";

/** Inputs of {@link buildTrustPolicy}. */
export interface TrustPolicyInput {
  /** The BUILD principal ARN the role trusts. */
  principalArn: string;
  /** Accepted sts:ExternalId values; empty means no condition (linted as an error). */
  externalIds: readonly string[];
  /** Also allow sts:TagSession (callers pass session tags, R9). @default false */
  allowSessionTags?: boolean;
  /** Also allow sts:SetSourceIdentity (callers set a source identity, R5). @default false */
  allowSourceIdentity?: boolean;
}

/** Sid of the one statement crossrole writes in a trust policy. */
export const TRUST_STATEMENT_SID = "AssumeFromBuild";

/**
 * The target role's trust (assume-role) policy: one Allow statement naming the BUILD principal, requiring the
 * ExternalId with a plain `StringEquals` (security check 2). Single values are written as strings, as in the
 * AWS documentation and the seed; lists only when there is more than one.
 *
 * @example
 * { "Version": "2012-10-17", "Statement": [{ "Sid": "AssumeFromBuild", "Effect": "Allow",
 *   "Principal": { "AWS": "arn:aws:iam::222222222222:user/ci" }, "Action": "sts:AssumeRole",
 *   "Condition": { "StringEquals": { "sts:ExternalId": "…" } } }] }
 */
export function buildTrustPolicy(input: TrustPolicyInput): PolicyDocument {
  const statement: PolicyStatement = {
    Sid: TRUST_STATEMENT_SID,
    Effect: "Allow",
    Principal: { AWS: input.principalArn },
    Action: singleOrList(trustActions(input)),
  };
  if (input.externalIds.length > 0) {
    statement.Condition = { StringEquals: { "sts:ExternalId": singleOrList([...input.externalIds]) } };
  }
  return { Version: POLICY_VERSION, Statement: [statement] };
}

// --- internal ---

function trustActions(input: TrustPolicyInput): string[] {
  const actions = ["sts:AssumeRole"];
  if (input.allowSessionTags === true) actions.push("sts:TagSession");
  if (input.allowSourceIdentity === true) actions.push("sts:SetSourceIdentity");
  return actions;
}
