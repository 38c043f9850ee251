import { CrossroleError } from "../core/errors.js";
import {
  type CredentialEnvInput,
  credentialEnvVariables,
  type EnvVariable,
} from "../core/session/credential-env-variables.js";
import type { TemporaryCredentials } from "../core/session/temporary-credentials.js";
import { formatCredentialProcessJson, formatCredentialsJson } from "./env-format-json.js";
import { formatDotenv, formatGithubEnv, formatGitlabDotenv } from "./env-format-lines.js";
import { formatShellEnv } from "./env-format-shell.js";
import { ENV_FORMATS, type EnvFormat } from "./env-formats.js";
import type { FormattedEnv } from "./formatted-env.js";

export { ENV_FORMATS, type EnvFormat } from "./env-formats.js";

/** What is formatted: the credentials and, optionally, the region the consumer should use. */
export type EnvFormatInput = CredentialEnvInput;

export const STALE_AWS_VARIABLES = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN"] as const;

/**
 * Formats credentials for another program. Pure. Throws a CrossroleError (code `UNSAFE_ENV_VALUE`, naming the
 * variable, never the value) when a value cannot be carried safely by the format: NUL anywhere (no environment can
 * hold it), or, for the unquoted line formats (dotenv, github-env, gitlab-dotenv), any character outside the STS
 * charsets `[A-Za-z0-9_+/=.:-]`.
 *
 * @example
 * formatEnv("sh", { credentials, region: "eu-west-1" }).text
 * // export AWS_ACCESS_KEY_ID='ASIA…'
 * // …
 * // unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SECURITY_TOKEN
 */
export function formatEnv(format: EnvFormat, input: EnvFormatInput): FormattedEnv {
  const variables = credentialEnvVariables(input);
  for (const v of variables) {
    if (v.value.includes("\0")) throw unsafeValue(v.name, format, "contains a NUL character");
  }
  switch (format) {
    case "sh":
    case "fish":
    case "powershell":
      return { text: formatShellEnv(format, variables, staleVariables(input)), masks: "" };
    case "json":
      return { text: formatCredentialsJson(input), masks: "" };
    case "credential-process":
      return { text: formatCredentialProcessJson(input.credentials), masks: "" };
    case "dotenv":
      assertLineSafe(format, variables);
      return { text: formatDotenv(variables), masks: "" };
    case "gitlab-dotenv":
      assertLineSafe(format, variables);
      return { text: formatGitlabDotenv(variables), masks: "" };
    case "github-env":
      assertLineSafe(format, variables);
      return formatGithubEnv(variables, secretValues(input.credentials));
  }
}

/** True when `value` names a format crossrole can produce. */
export function isEnvFormat(value: string): value is EnvFormat {
  return (ENV_FORMATS as readonly string[]).includes(value);
}

// --- internal ---

/** What unquoted line formats may carry: the STS charsets (key ids `\w`, base64 keys and tokens), regions, ISO dates. */
const LINE_SAFE = /^[A-Za-z0-9_+/=.:-]*$/;

function assertLineSafe(format: EnvFormat, variables: readonly EnvVariable[]): void {
  for (const v of variables) {
    if (!LINE_SAFE.test(v.value)) {
      throw unsafeValue(v.name, format, "holds characters outside the STS charsets [A-Za-z0-9_+/=.:-]");
    }
  }
}

function unsafeValue(name: string, format: EnvFormat, why: string): CrossroleError {
  return new CrossroleError(
    "UNSAFE_ENV_VALUE",
    "invalid-input",
    `${name} ${why}; the ${format} format cannot carry it safely.`,
    {
      hint: "Use --format json or a shell format (sh, fish, powershell), which quote every value.",
    },
  );
}

/** Shell formats also clear what would make consumers use something else than these credentials. */
function staleVariables(input: EnvFormatInput): string[] {
  const names: string[] = [...STALE_AWS_VARIABLES];
  if (input.credentials.sessionToken === undefined) names.push("AWS_SESSION_TOKEN");
  if (input.credentials.expiration === undefined) names.push("AWS_CREDENTIAL_EXPIRATION");
  return names;
}

function secretValues(credentials: TemporaryCredentials): string[] {
  const values = [credentials.accessKeyId, credentials.secretAccessKey];
  if (credentials.sessionToken !== undefined) values.push(credentials.sessionToken);
  return values;
}
