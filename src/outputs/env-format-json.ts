import type { TemporaryCredentials } from "../core/temporary-credentials.js";
import type { EnvFormatInput } from "./format-env.js";
import { formatExpiration } from "./format-expiration.js";

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
