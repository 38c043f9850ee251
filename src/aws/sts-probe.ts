import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { StsProbe } from "../core/ports/sts-probe-port.js";
import { type AwsClientConfig, toSdkClientConfig } from "./aws-client-config.js";
import { probe, toAssumeAttempt } from "./to-probe-outcome.js";
import { translateAwsError } from "./translate-aws-error.js";

/** An STS probe on the credentials `config` describes (explicit, profile, or the default chain). */
export function createStsProbe(config: AwsClientConfig): StsProbe {
  const client = new STSClient({
    ...toSdkClientConfig(config),
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
  return {
    async whoAmI() {
      try {
        const out = await client.send(new GetCallerIdentityCommand({}));
        const identity = { account: out.Account ?? "", arn: out.Arn ?? "", userId: out.UserId ?? "" };
        const requestId = out.$metadata.requestId;
        return requestId === undefined ? { identity } : { identity, requestId };
      } catch (error) {
        throw translateAwsError(error, { action: "sts:GetCallerIdentity", endpoint: config.endpoint });
      }
    },
    async probeIdentity() {
      const { outcome, output } = await probe(() => client.send(new GetCallerIdentityCommand({})));
      return output?.Arn === undefined ? { outcome } : { outcome, arn: output.Arn };
    },
    async tryAssumeRole(request) {
      const { outcome, output } = await probe(() =>
        client.send(
          new AssumeRoleCommand({
            RoleArn: request.roleArn,
            RoleSessionName: request.sessionName,
            DurationSeconds: request.durationSeconds ?? 900,
            ...(request.externalId === undefined ? {} : { ExternalId: request.externalId }),
          }),
        ),
      );
      return toAssumeAttempt(outcome, output);
    },
  };
}
