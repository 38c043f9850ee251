import { ECRClient, GetAuthorizationTokenCommand } from "@aws-sdk/client-ecr";
import { AwsAuthError, AwsOperationError, type CrossroleError } from "../core/errors.js";
import type { EcrAuthorization, EcrPort } from "../core/ports/ecr-port.js";
import { type AwsClientConfig, toSdkClientConfig } from "./aws-client-config.js";
import { isAwsAccessDenied } from "./describe-sdk-failure.js";
import { oneLine } from "./one-line.js";
import { translateAwsError } from "./translate-aws-error.js";

/**
 * An ECR adapter on the credentials `config` describes, in `config.region` (the registry's region), with the SDK's
 * standard retries. Without `config.endpoint` the SDK honours AWS_ENDPOINT_URL_ECR and AWS_ENDPOINT_URL.
 */
export function createEcrAdapter(config: AwsClientConfig): EcrPort {
  const client = new ECRClient({
    ...toSdkClientConfig(config),
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
  const endpoint = config.endpoint;

  async function getAuthorizationTokens(registryIds: readonly string[]): Promise<EcrAuthorization[]> {
    const resource = registryIds.length === 0 ? undefined : registryIds.join(", ");
    try {
      const out = await client.send(
        new GetAuthorizationTokenCommand(registryIds.length === 0 ? {} : { registryIds: [...registryIds] }),
      );
      const result: EcrAuthorization[] = [];
      for (const data of out.authorizationData ?? []) {
        if (data.authorizationToken === undefined || data.proxyEndpoint === undefined) continue;
        const entry: EcrAuthorization = {
          proxyEndpoint: data.proxyEndpoint,
          authorizationToken: data.authorizationToken,
        };
        if (data.expiresAt !== undefined) entry.expiresAt = data.expiresAt;
        result.push(entry);
      }
      if (result.length === 0) {
        throw new AwsOperationError(
          "ECR_NO_AUTHORIZATION",
          `ecr:GetAuthorizationToken${resource === undefined ? "" : ` for ${resource}`} returned no authorization data.`,
        );
      }
      return result;
    } catch (error) {
      throw explainEcrError(error, resource, endpoint);
    } finally {
      client.destroy();
    }
  }

  return { getAuthorizationTokens };
}

// --- internal ---

/**
 * Only an AccessDenied AWS named is a denial: a proxy's HTML 403 is not (translateAwsError reports it as an
 * answer that is not AWS's, exit 5).
 */
function explainEcrError(
  error: unknown,
  resource: string | undefined,
  endpoint: string | undefined,
): CrossroleError {
  if (!isAwsAccessDenied(error)) {
    return translateAwsError(error, {
      action: "ecr:GetAuthorizationToken",
      ...(resource === undefined ? {} : { resource }),
      endpoint,
    });
  }
  const said = ` AWS said: ${oneLine((error as Error).message ?? "")}`;
  return new AwsAuthError(
    "ECR_ACCESS_DENIED",
    `access denied: ecr:GetAuthorizationToken${resource === undefined ? "" : ` (registry ${resource})`} (HTTP 403).${said}`,
    {
      hint: 'The assumed role needs ecr:GetAuthorizationToken with Resource "*" (the action has no resource type), plus pull/push actions on the repositories. In the spec: permissions.ecr.pull / push, then crossrole apply.',
      cause: error,
    },
  );
}
