import { BatchGetImageCommand, ECRClient, GetAuthorizationTokenCommand } from "@aws-sdk/client-ecr";
import type { EcrProbe } from "../core/ports/ecr-probe-port.js";
import { type AwsClientConfig, toSdkClientConfig } from "./aws-client-config.js";
import { probe } from "./to-probe-outcome.js";

/** The tag the read probe asks for. */
export const ECR_PROBE_TAG = "crossrole-verify-probe";

/** An ECR probe on `config` (the session's credentials, the target's region). */
export function createEcrProbe(config: AwsClientConfig): EcrProbe {
  const client = new ECRClient({
    ...toSdkClientConfig(config),
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
  return {
    async readRepository(registryId, repository) {
      const { outcome } = await probe(() =>
        client.send(
          new BatchGetImageCommand({
            registryId,
            repositoryName: repository,
            imageIds: [{ imageTag: ECR_PROBE_TAG }],
          }),
        ),
      );
      return outcome;
    },
    async getAuthorizationToken() {
      return (await probe(() => client.send(new GetAuthorizationTokenCommand({})))).outcome;
    },
    destroy: () => client.destroy(),
  };
}
