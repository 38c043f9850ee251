import type { PolicyDocument } from "./policy-document.js";

/** Keyless builds: the IAM OIDC identity provider in BUILD and the BUILD role its tokens assume. */
export interface BuildOidcPlan {
  /** The issuer URL (`https://token.actions.githubusercontent.com`), the provider's Url. */
  issuer: string;
  /** IAM's form of the issuer and the prefix of its condition keys: `token.actions.githubusercontent.com`. */
  providerUrl: string;
  /** `arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com`. */
  providerArn: string;
  /** The audience the role accepts: the provider's client ID. */
  audience: string;
  subjects: string[];
  /** Extra claim conditions, claim → values. */
  claims: Record<string, string[]>;
  /** The BUILD role (the spec's principal). */
  roleName: string;
  rolePath: string;
  roleArn: string;
  description: string;
  maxSessionDuration: number;
  /** `build.oidc.tokenVariable`, when the spec sets it: where CI jobs put the token. */
  tokenVariable?: string;
  /** The BUILD role's trust policy: the provider, sts:AssumeRoleWithWebIdentity, aud and sub conditions. */
  trustPolicy: PolicyDocument;
  /** Tags of the role and the provider, including managed-by=crossrole. */
  tags: Record<string, string>;
}
