import type { CallerIdentity } from "../diff/live-state.js";
import type { ProbeOutcome } from "../verify/probe-outcome.js";
import type { SessionCredentials } from "./sts-port.js";

/** One AssumeRole attempt: its outcome and, when allowed, the session. */
export interface AssumeAttempt {
  outcome: ProbeOutcome;
  credentials?: SessionCredentials;
  /** `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, when allowed. */
  assumedRoleArn?: string;
}

/** What to send: the ExternalId is sent only when given. */
export interface AssumeAttemptRequest {
  roleArn: string;
  sessionName: string;
  externalId?: string | undefined;
  /** @default 900, the minimum: probes need no longer sessions. */
  durationSeconds?: number;
}

/**
 * STS for live proofs (verify, revoke, rotations; `src/aws/sts-probe.ts`): unlike the STS port it does not explain a refusal, it
 * reports it, with the request ID, so a refusal that is the expected answer (no ExternalId, wrong ExternalId, a
 * revoked session) is a result, not an error.
 */
export interface StsProbe {
  /** GetCallerIdentity; a refusal or unknown key throws (translated: AwsAuthError, exit 3). */
  whoAmI(): Promise<{ identity: CallerIdentity; requestId?: string }>;
  /** GetCallerIdentity as a probe: never throws. */
  probeIdentity(): Promise<{ outcome: ProbeOutcome; arn?: string }>;
  /** AssumeRole as a probe: never throws. */
  tryAssumeRole(request: AssumeAttemptRequest): Promise<AssumeAttempt>;
}
