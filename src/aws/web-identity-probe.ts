import {
  AssumeRoleWithWebIdentityCommand,
  type AssumeRoleWithWebIdentityCommandOutput,
  STSClient,
} from "@aws-sdk/client-sts";
import type { WebIdentityProbe } from "../core/ports/web-identity-probe-port.js";
import { type AwsClientConfig, toSdkClientConfig } from "./aws-client-config.js";
import { describeSdkFailure } from "./describe-sdk-failure.js";
import { toAssumeAttempt, toProbeOutcome } from "./to-probe-outcome.js";

/** AWS's names for a refused web identity token (beside AccessDenied, which the probe already calls denied). */
const TOKEN_REFUSED = /^(InvalidIdentityToken|IDPRejectedClaim|ExpiredToken)(Exception)?$/;

/**
 * The web identity probe on STS. AssumeRoleWithWebIdentity is unsigned: the token is the credential, so the client
 * needs only the region and endpoint of `config`.
 */
export function createWebIdentityProbe(config: AwsClientConfig): WebIdentityProbe {
  const client = new STSClient({
    ...toSdkClientConfig({ region: config.region, endpoint: config.endpoint }),
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
  return {
    async tryAssumeRoleWithWebIdentity(request) {
      let output: AssumeRoleWithWebIdentityCommandOutput;
      try {
        output = await client.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: request.roleArn,
            RoleSessionName: request.sessionName,
            WebIdentityToken: request.token,
            DurationSeconds: 900,
          }),
        );
      } catch (error) {
        const outcome = toProbeOutcome({ error });
        // Only a refusal AWS itself named counts (never a proxy's page or a network failure).
        const failure = describeSdkFailure(error);
        const refused = failure.kind === "aws" && TOKEN_REFUSED.test(failure.code);
        return { outcome: refused ? { ...outcome, result: "denied" } : outcome };
      }
      return toAssumeAttempt(toProbeOutcome({ output }), output);
    },
  };
}
