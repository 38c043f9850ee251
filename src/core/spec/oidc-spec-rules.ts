import { KNOWN_ISSUERS, type KnownIssuerName } from "../identifiers/oidc-issuers.js";

/**
 * Value rules of `build.oidc`, free of zod (like spec-value-rules.ts), so the plan and the assume fast path's module
 * graph can use them without the schema.
 */

/** The issuer URL of a spec's provider (`github` → `https://token.actions.githubusercontent.com`). */
export function issuerOf(provider: string): string {
  return provider in KNOWN_ISSUERS ? KNOWN_ISSUERS[provider as KnownIssuerName].issuer : provider;
}

/** The audience a spec's oidc block accepts: its own, or the provider's default. */
export function audienceOf(oidc: { provider: string; audience?: string | undefined }): string {
  if (oidc.audience !== undefined) return oidc.audience;
  return oidc.provider in KNOWN_ISSUERS
    ? KNOWN_ISSUERS[oidc.provider as KnownIssuerName].defaultAudience
    : "";
}

/** `build.principal` forms that name a role: `role/NAME`, `role/PATH/NAME` or a role ARN. */
export function isRolePrincipal(principal: string): boolean {
  return principal.startsWith("role/") || /^arn:aws[a-z-]*:iam::\d{12}:role\//.test(principal);
}
