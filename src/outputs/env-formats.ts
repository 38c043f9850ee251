/**
 * Every way crossrole can hand credentials to another program as environment variables (or their JSON form).
 * - `sh`, `fish`, `powershell`: commands to eval in that shell (values always single-quoted, so any byte but NUL
 *   is safe); they also unset AWS_PROFILE, AWS_DEFAULT_PROFILE and the stale AWS_SECURITY_TOKEN.
 * - `dotenv`: `NAME=value` lines, unquoted, for `docker run --env-file` (which takes values literally) and dotenv libraries.
 * - `json`: the STS `Credentials` shape plus `Region`, pretty-printed.
 * - `credential-process`: the `credential_process` JSON (Version 1), the same as
 *   `aws configure export-credentials --format process`.
 * - `github-env`: `NAME=value` lines to append to `$GITHUB_ENV`, and `::add-mask::` commands for the runner's stdout.
 * - `gitlab-dotenv`: a GitLab `artifacts:reports:dotenv` file.
 */
export const ENV_FORMATS = [
  "sh",
  "fish",
  "powershell",
  "dotenv",
  "json",
  "credential-process",
  "github-env",
  "gitlab-dotenv",
] as const;

/** One of {@link ENV_FORMATS}. */
export type EnvFormat = (typeof ENV_FORMATS)[number];
