import type { CallerIdentity } from "../diff/live-state.js";

/** GetCallerIdentity alone (`crossrole whoami`); `src/aws/sts-probe.ts` implements it. */
export interface CallerIdentityPort {
  /** Who the credentials are; a refusal, missing or unknown credentials throw (translated: AwsAuthError, exit 3). */
  whoAmI(): Promise<{ identity: CallerIdentity; requestId?: string }>;
}
