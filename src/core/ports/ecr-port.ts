/** One registry's authorization, as ECR returned it. The token is a secret: never logged. */
export interface EcrAuthorization {
  /** `https://<account>.dkr.ecr.<region>.amazonaws.com`. */
  proxyEndpoint: string;
  /** `base64("AWS:<password>")`. */
  authorizationToken: string;
  /** As ECR reported it (may be missing or implausible: see core/session/ecr-token.ts). */
  expiresAt?: Date;
}

/** The ECR port of `ecr-login` and the docker credential helper; `src/aws/ecr-adapter.ts` implements it. */
export interface EcrPort {
  /**
   * ecr:GetAuthorizationToken for `registryIds` (the caller's own registry when empty). Errors become
   * CrossroleErrors; an AccessDenied says which permission is missing (R21).
   */
  getAuthorizationTokens(registryIds: readonly string[]): Promise<EcrAuthorization[]>;
}
