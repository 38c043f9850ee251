/**
 * Keyless builds at use time: what a spec target with `build.oidc` tells `assume` (and every command that assumes)
 * about its BUILD hop. No secret: the token itself is found at run time (see ci-token-source.ts).
 */

/** The BUILD hop of a spec with `build.oidc`: AssumeRoleWithWebIdentity into this role with a CI token. */
export interface KeylessBuild {
  /** The BUILD role the CI token assumes (the spec's principal). */
  buildRoleArn: string;
  /** The issuer URL the token must carry (`iss`). */
  issuer: string;
  /** The audience to request from GitHub's token endpoint, and the one the role accepts. */
  audience: string;
  /** The environment variable holding the token (GitLab `id_tokens`): `build.oidc.tokenVariable`, else the default. */
  tokenVariable: string;
}
