/**
 * The OIDC issuers crossrole knows by name, and the rules IAM applies to any issuer (AWS IAM User Guide, "Create
 * an OpenID Connect (OIDC) identity provider in IAM" and "Available keys for AWS OIDC federation").
 */

/** A known CI platform's issuer. */
export interface KnownIssuer {
  /** The issuer URL, as tokens carry it in `iss` and IAM registers it. */
  readonly issuer: string;
  /** The audience the platform's AWS integration requests by default. */
  readonly defaultAudience: string;
  /** An example subject, for messages. */
  readonly exampleSubject: string;
}

export const KNOWN_ISSUERS = {
  github: {
    issuer: "https://token.actions.githubusercontent.com",
    // aws-actions/configure-aws-credentials requests this audience.
    defaultAudience: "sts.amazonaws.com",
    exampleSubject: "repo:acme/app:ref:refs/heads/main",
  },
  gitlab: {
    issuer: "https://gitlab.com",
    // GitLab's AWS guide sets `aud` of the id_tokens entry to the GitLab instance URL.
    defaultAudience: "https://gitlab.com",
    exampleSubject: "project_path:acme/app:ref_type:branch:ref:main",
  },
} as const satisfies Record<string, KnownIssuer>;

export type KnownIssuerName = keyof typeof KNOWN_ISSUERS;

/**
 * An issuer URL IAM accepts: https, a host without port, an optional path, no query, fragment or trailing slash.
 * Linear: a literal prefix, then character classes.
 */
export const ISSUER_URL = /^https:\/\/[a-z0-9.-]{1,253}(\/[A-Za-z0-9._~%!$&'()*+,;=:@/-]{0,200})?$/;

/** `https://token.actions.githubusercontent.com` → `token.actions.githubusercontent.com`: IAM's form, the key prefix. */
export function issuerProviderUrl(issuer: string): string {
  let url = issuer.startsWith("https://") ? issuer.slice("https://".length) : issuer;
  while (url.endsWith("/")) url = url.slice(0, -1);
  return url;
}

/**
 * The claims AWS STS exposes as condition keys `<provider>:<claim>` beside `sub`, `aud`, `oaud`, `amr` and `email`:
 * for GitHub Actions' issuer the provider-specific claims AWS added in 2026; other issuers have none.
 */
export const ISSUER_CLAIM_KEYS: Readonly<Record<string, readonly string[]>> = {
  "token.actions.githubusercontent.com": [
    "actor",
    "actor_id",
    "job_workflow_ref",
    "repository",
    "repository_id",
    "workflow",
    "ref",
    "environment",
    "enterprise_id",
  ],
};

/** Claim keys every OIDC provider has in AWS (besides `sub` and `aud`, which the spec sets itself). */
export const STANDARD_CLAIM_KEYS: readonly string[] = ["amr", "email", "oaud"];

/** The extra claims a trust policy can test for this issuer (`<provider>:<claim>`). */
export function claimKeysOf(issuer: string): readonly string[] {
  return [...STANDARD_CLAIM_KEYS, ...(ISSUER_CLAIM_KEYS[issuerProviderUrl(issuer)] ?? [])];
}

/** An IAM wildcard in a condition value: `*` or `?` (StringLike). */
export function hasIamWildcard(value: string): boolean {
  return value.includes("*") || value.includes("?");
}

/** The variable a CI job puts its OIDC token in when the spec names none (GitLab: `id_tokens: CROSSROLE_ID_TOKEN:`). */
export const DEFAULT_ID_TOKEN_VARIABLE = "CROSSROLE_ID_TOKEN";

/** An environment variable name crossrole reads a token from (POSIX portable, at most 128 characters). */
export const TOKEN_VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
