import { AssumeRoleWithWebIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { AwsOperationError, CrossroleError } from "../core/errors.js";
import { explainWebIdentityError } from "./explain-web-identity-error.js";
import { translateAwsError } from "./translate-aws-error.js";

/** The BUILD hop of a keyless build: AssumeRoleWithWebIdentity with a CI token crossrole read itself. */
export interface WebIdentitySource {
  /** The BUILD role. */
  roleArn: string;
  /** RoleSessionName of the BUILD hop (from the token's claims). */
  sessionName: string;
  /** Where the token comes from, for messages (`$CROSSROLE_ID_TOKEN`, GitHub Actions' token endpoint). */
  origin: string;
  /** A token for each BUILD hop (the SDK calls the provider again when the BUILD session nears its end). */
  token: () => Promise<string>;
}

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration?: Date;
}

/**
 * A credential provider for the SDK: each call gets a token and exchanges it for the BUILD role's session with
 * sts:AssumeRoleWithWebIdentity (unsigned; 1 h, the chaining cap the target hop has anyway). A refusal is a
 * WEB_IDENTITY_REFUSED error naming the BUILD hop and the token's origin, never the token.
 */
export function webIdentityCredentials(
  source: WebIdentitySource,
  clientConfig: { region?: string; endpoint?: string },
): () => Promise<Credentials> {
  return async () => {
    const token = await source.token();
    const client = new STSClient({
      ...clientConfig,
      maxAttempts: 4,
      retryMode: "standard",
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    });
    try {
      const out = await client.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: source.roleArn,
          RoleSessionName: source.sessionName,
          WebIdentityToken: token,
          DurationSeconds: 3600,
        }),
      );
      const c = out.Credentials;
      if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined || c.SessionToken === undefined) {
        throw new AwsOperationError(
          "ASSUME_ROLE_EMPTY",
          `sts:AssumeRoleWithWebIdentity on ${source.roleArn} returned no credentials.`,
        );
      }
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        ...(c.Expiration === undefined ? {} : { expiration: c.Expiration }),
      };
    } catch (error) {
      if (error instanceof CrossroleError) throw error;
      throw (
        explainWebIdentityError(error, {}, { roleArn: source.roleArn, origin: source.origin }) ??
        translateAwsError(error, {
          action: "sts:AssumeRoleWithWebIdentity",
          resource: source.roleArn,
          endpoint: clientConfig.endpoint,
        })
      );
    } finally {
      client.destroy();
    }
  };
}
