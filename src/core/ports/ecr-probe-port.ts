import type { ProbeOutcome } from "../verify/probe-outcome.js";

/**
 * Harmless ECR reads made inside an assumed session, to prove what it may and may not do (`src/aws/ecr-probe.ts`).
 */
export interface EcrProbe {
  /**
   * ecr:BatchGetImage of a tag that should not exist (`crossrole-verify-probe`) in `repository`: authorised on the
   * repository ARN, changes nothing, and part of both the pull and the push grants.
   */
  readRepository(registryId: string, repository: string): Promise<ProbeOutcome>;
  /** ecr:GetAuthorizationToken (Resource `*`): the lightest call a build role with ECR access may make. */
  getAuthorizationToken(): Promise<ProbeOutcome>;
  destroy(): void;
}
