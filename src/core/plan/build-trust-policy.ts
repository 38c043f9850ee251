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

/** Sid of the statement that allows sts:AssumeRole, with the ExternalId. */
export const TRUST_STATEMENT_SID = "AssumeFromBuild";
/** Sid of the statement that allows sts:TagSession / sts:SetSourceIdentity (when the spec allows them). */
export const SESSION_STATEMENT_SID = "TagAndIdentifyFromBuild";

/**
 * Actions whose request context has no `sts:ExternalId`: AWS's Service Authorization Reference lists only
 * `aws:RequestTag/${TagKey}`, `aws:TagKeys` and `sts:TransitiveTagKeys` for sts:TagSession, and only
 * `sts:SourceIdentity` for sts:SetSourceIdentity. A statement conditioned on the ExternalId never matches them.
 */
export const SESSION_ACTIONS = ["sts:TagSession", "sts:SetSourceIdentity"] as const;

/**
 * The target role's trust (assume-role) policy: an Allow of sts:AssumeRole naming the BUILD principal, requiring
 * the ExternalId with a plain `StringEquals` (security check 2). When callers pass session tags (R9) or a source
 * identity (R5), a second Allow for the same principal grants sts:TagSession / sts:SetSourceIdentity WITHOUT the
 * ExternalId condition: those actions are authorised with their own request context, which has no
 * `sts:ExternalId` ({@link SESSION_ACTIONS}), so inside the first statement they would never match and a tagged
 * AssumeRole would be denied. AssumeRole itself, which every session needs, still requires the ExternalId.
 * Single values are written as strings, as in the AWS documentation and the seed; lists only when there is more
 * than one.
 *
 * @example
 * { "Version": "2012-10-17", "Statement": [{ "Sid": "AssumeFromBuild", "Effect": "Allow",
 *   "Principal": { "AWS": "arn:aws:iam::222222222222:user/ci" }, "Action": "sts:AssumeRole",
 *   "Condition": { "StringEquals": { "sts:ExternalId": "…" } } }] }
 */
export function buildTrustPolicy(input: TrustPolicyInput): PolicyDocument {
  const principal = { AWS: input.principalArn };
  const assume: PolicyStatement = {
    Sid: TRUST_STATEMENT_SID,
    Effect: "Allow",
    Principal: principal,
    Action: "sts:AssumeRole",
  };
  if (input.externalIds.length > 0) {
    assume.Condition = { StringEquals: { "sts:ExternalId": singleOrList([...input.externalIds]) } };
  }
  const session = sessionActions(input);
  if (session.length === 0) return { Version: POLICY_VERSION, Statement: [assume] };
  const details: PolicyStatement = {
    Sid: SESSION_STATEMENT_SID,
    Effect: "Allow",
    Principal: { ...principal },
    Action: singleOrList(session),
  };
  return { Version: POLICY_VERSION, Statement: [assume, details] };
}

// --- internal ---

function sessionActions(input: TrustPolicyInput): string[] {
  const actions: string[] = [];
  if (input.allowSessionTags === true) actions.push("sts:TagSession");
  if (input.allowSourceIdentity === true) actions.push("sts:SetSourceIdentity");
  return actions;
}
