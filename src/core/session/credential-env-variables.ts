import { formatExpiration } from "./format-expiration.js";
import type { TemporaryCredentials } from "./temporary-credentials.js";

/** Credentials and, optionally, the region the consumer should use. */
export interface CredentialEnvInput {
  credentials: TemporaryCredentials;
  /** Sets AWS_REGION and AWS_DEFAULT_REGION when given. */
  region?: string;
}

/** One environment variable to set, in output order. */
export interface EnvVariable {
  name: string;
  value: string;
}

/**
 * The variables the formats set, in order: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
 * AWS_CREDENTIAL_EXPIRATION (when the credentials have them), AWS_REGION and AWS_DEFAULT_REGION (when a region is given).
 */
export function credentialEnvVariables(input: CredentialEnvInput): EnvVariable[] {
  const { credentials, region } = input;
  const variables: EnvVariable[] = [
    { name: "AWS_ACCESS_KEY_ID", value: credentials.accessKeyId },
    { name: "AWS_SECRET_ACCESS_KEY", value: credentials.secretAccessKey },
  ];
  if (credentials.sessionToken !== undefined) {
    variables.push({ name: "AWS_SESSION_TOKEN", value: credentials.sessionToken });
  }
  if (credentials.expiration !== undefined) {
    variables.push({ name: "AWS_CREDENTIAL_EXPIRATION", value: formatExpiration(credentials.expiration) });
  }
  if (region !== undefined) {
    variables.push({ name: "AWS_REGION", value: region }, { name: "AWS_DEFAULT_REGION", value: region });
  }
  return variables;
}
