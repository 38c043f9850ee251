import type { CredentialEnvInput as EnvFormatInput } from "../core/session/credential-env-variables.js";
import { formatExpiration } from "../core/session/format-expiration.js";
import type { TemporaryCredentials } from "../core/session/temporary-credentials.js";

/**
 * `json`: the shape of the `Credentials` member of an STS AssumeRole response (`AccessKeyId`, `SecretAccessKey`,
 * `SessionToken`, `Expiration`), plus `Region` when known, pretty-printed. Absent members are left out.
 */
export function formatCredentialsJson(input: EnvFormatInput): string {
  const { credentials, region } = input;
  const out: Record<string, string> = {
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
  };
  if (credentials.sessionToken !== undefined) out.SessionToken = credentials.sessionToken;
  if (credentials.expiration !== undefined) out.Expiration = formatExpiration(credentials.expiration);
  if (region !== undefined) out.Region = region;
  return `${JSON.stringify(out, null, 2)}\n`;
}

/**
 * `credential-process`: what a `credential_process` program must print (Version 1), identical in members to
 * `aws configure export-credentials --format process`. One line.
 */
export function formatCredentialProcessJson(credentials: TemporaryCredentials): string {
  const out: Record<string, string | number> = {
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
  };
  if (credentials.sessionToken !== undefined) out.SessionToken = credentials.sessionToken;
  if (credentials.expiration !== undefined) out.Expiration = formatExpiration(credentials.expiration);
  return `${JSON.stringify(out)}\n`;
}
