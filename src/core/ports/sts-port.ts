import type { CallerIdentity } from "../diff/live-state.js";
import type { TemporaryCredentials } from "../session/temporary-credentials.js";
import type { AssumeRoleParameters } from "../session/validate-assume-request.js";

/** Credentials STS issued for an assumed role: always with a session token and an expiration. */
export type SessionCredentials = TemporaryCredentials & { sessionToken: string; expiration: Date };

/** The result of sts:AssumeRole. */
export interface AssumedRole {
  credentials: SessionCredentials;
  /** `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, as STS reported it. */
  assumedRoleArn?: string;
  /** Percentage of the packed session policy/tag quota used (STS's PackedPolicySize). */
  packedPolicySize?: number;
}

/** What the workflow knows that helps explain an AccessDenied. */
export interface AssumeRoleDiagnostics {
  /** The BUILD principal the spec says the trust policy names (e.g. `arn:aws:iam::222222222222:user/ci`). */
  expectedPrincipalArn?: string | undefined;
  /** The role is an admin role crossrole assumes to administer an account (spec `admin.roleArn`), not a target. */
  adminRole?: boolean;
}

/**
 * The STS port of the assume workflow (and of admin sides reached through a role). `src/aws/sts-adapter.ts`
 * implements it with the AWS SDK; tests pass fakes. Errors are CrossroleErrors: an AccessDenied on AssumeRole
 * explains its usual causes.
 */
export interface StsPort {
  assumeRole(request: AssumeRoleParameters, diagnostics?: AssumeRoleDiagnostics): Promise<AssumedRole>;
  getCallerIdentity(): Promise<CallerIdentity>;
}
