import { hasIamWildcard, issuerProviderUrl } from "../identifiers/oidc-issuers.js";
import { audienceOf, issuerOf } from "../spec/oidc-spec-rules.js";
import type { OidcSpec } from "../spec/oidc-spec-schema.js";
import { MANAGED_TAG_KEY, MANAGED_TAG_VALUE } from "./access-plan.js";
import type { BuildOidcPlan } from "./oidc-plan.js";
import {
  POLICY_VERSION,
  type PolicyCondition,
  type PolicyDocument,
  type PolicyStatement,
  singleOrList,
} from "./policy-document.js";

/** The action a web identity trust allows. */
export const WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";
/** Sid of the statement allowing the exact subjects (StringEquals). */
export const OIDC_EXACT_SID = "WebIdentitySubjects";
/** Sid of the statement allowing the subject patterns written with wildcards (StringLike). */
export const OIDC_PATTERN_SID = "WebIdentitySubjectPatterns";
/** MaxSessionDuration of the BUILD role when the spec sets none. */
export const DEFAULT_OIDC_MAX_SESSION_DURATION = 3600;

/** Where the BUILD role is, as the plan resolved the spec's principal. */
export interface OidcRole {
  account: string;
  partition: string;
  roleName: string;
  rolePath: string;
  roleArn: string;
}

/** The OIDC part of the BUILD plan, from the spec's `build.oidc` and the resolved BUILD role. Pure. */
export function buildOidcPlan(oidc: OidcSpec, role: OidcRole): BuildOidcPlan {
  const issuer = issuerOf(oidc.provider);
  const providerUrl = issuerProviderUrl(issuer);
  const providerArn = `arn:${role.partition}:iam::${role.account}:oidc-provider/${providerUrl}`;
  const audience = audienceOf(oidc);
  const claims = Object.fromEntries(
    Object.entries(oidc.claims ?? {}).map(([claim, value]) => [
      claim,
      Array.isArray(value) ? value : [value],
    ]),
  );
  return {
    issuer,
    providerUrl,
    providerArn,
    audience,
    subjects: [...oidc.subjects],
    claims,
    roleName: role.roleName,
    rolePath: role.rolePath,
    roleArn: role.roleArn,
    description: `Assumed by CI jobs with OIDC tokens of ${issuer} (crossrole BUILD role)`,
    maxSessionDuration: oidc.maxSessionDuration ?? DEFAULT_OIDC_MAX_SESSION_DURATION,
    trustPolicy: buildOidcTrustPolicy({
      providerArn,
      providerUrl,
      audience,
      subjects: oidc.subjects,
      claims,
    }),
    tags: { [MANAGED_TAG_KEY]: MANAGED_TAG_VALUE },
    ...(oidc.tokenVariable === undefined ? {} : { tokenVariable: oidc.tokenVariable }),
  };
}

/** Inputs of {@link buildOidcTrustPolicy}. */
export interface OidcTrustInput {
  providerArn: string;
  /** Condition key prefix: `token.actions.githubusercontent.com`. */
  providerUrl: string;
  audience: string;
  subjects: readonly string[];
  claims?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The BUILD role's trust policy: `{"Federated": PROVIDER_ARN}` may call sts:AssumeRoleWithWebIdentity when
 * `<provider>:aud` equals the audience (StringEquals) and `<provider>:sub` is one of the subjects. Exact subjects
 * are matched with StringEquals; subjects written with `*` or `?` with StringLike, in a statement of their own,
 * since IAM ANDs the operators of one statement (a StringEquals and a StringLike on `sub` together would never
 * hold). Extra claims are conditions of both statements: StringLike for a claim whose values have a wildcard, else
 * StringEquals.
 *
 * @example
 * { "Sid": "WebIdentitySubjects", "Effect": "Allow",
 *   "Principal": { "Federated": "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com" },
 *   "Action": "sts:AssumeRoleWithWebIdentity",
 *   "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
 *                                    "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main" } } }
 */
export function buildOidcTrustPolicy(input: OidcTrustInput): PolicyDocument {
  const key = (claim: string) => `${input.providerUrl}:${claim}`;
  const exactClaims: Record<string, string | string[]> = {};
  const likeClaims: Record<string, string | string[]> = {};
  for (const [claim, values] of Object.entries(input.claims ?? {})) {
    (values.some(hasIamWildcard) ? likeClaims : exactClaims)[key(claim)] = singleOrList([...values]);
  }
  const exact = input.subjects.filter((s) => !hasIamWildcard(s));
  const patterns = input.subjects.filter(hasIamWildcard);
  const statement = (sid: string, subjects: string[], like: boolean): PolicyStatement => {
    const equals: Record<string, string | string[]> = { [key("aud")]: input.audience, ...exactClaims };
    const likes: Record<string, string | string[]> = { ...likeClaims };
    (like ? likes : equals)[key("sub")] = singleOrList(subjects);
    const condition: PolicyCondition = { StringEquals: sortKeys(equals) };
    if (Object.keys(likes).length > 0) condition.StringLike = sortKeys(likes);
    return {
      Sid: sid,
      Effect: "Allow",
      Principal: { Federated: input.providerArn },
      Action: WEB_IDENTITY_ACTION,
      Condition: condition,
    };
  };
  const statements: PolicyStatement[] = [];
  if (exact.length > 0) statements.push(statement(OIDC_EXACT_SID, exact, false));
  if (patterns.length > 0) statements.push(statement(OIDC_PATTERN_SID, patterns, true));
  return { Version: POLICY_VERSION, Statement: statements };
}

// --- internal ---

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
