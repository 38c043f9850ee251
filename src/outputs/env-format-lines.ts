import type { EnvVariable } from "../core/session/credential-env-variables.js";
import type { FormattedEnv } from "./formatted-env.js";

/*
 * The unquoted line formats. None of them has a quoting rule every consumer agrees on (docker's --env-file takes
 * the value literally, quotes included; dotenv libraries strip quotes and some expand `$VAR`; GitLab strips one pair
 * of quotes), so crossrole never quotes: the caller (formatEnv) has checked that every value is within the STS charsets
 * `[A-Za-z0-9_+/=.:-]`, which hold no space, quote, `$`, `#`, backslash or line break. Each value is therefore read
 * back identically by all of them.
 */

/** `NAME=value` lines for `docker run --env-file` and dotenv libraries. No unsets: the format cannot express them. */
export function formatDotenv(variables: readonly EnvVariable[]): string {
  return nameValueLines(variables);
}

/**
 * A GitLab `artifacts:reports:dotenv` file: `NAME=value` lines, no blank lines, no comments, no quotes, no
 * multi-line values (GitLab's rules). Note GitLab stores this file as a job artifact and does not mask the variables
 * it defines: anyone who can read the pipeline's artifacts can read the credentials until they expire.
 */
export function formatGitlabDotenv(variables: readonly EnvVariable[]): string {
  return nameValueLines(variables);
}

/**
 * Lines for `$GITHUB_ENV` (`NAME=value`) and, separately, one `::add-mask::` command per secret for the runner's
 * stdout. The `NAME<<DELIMITER` heredoc form exists for multi-line values; ours cannot contain a line break (checked
 * by the caller), so the plain form is exact and deterministic.
 */
export function formatGithubEnv(variables: readonly EnvVariable[], secrets: readonly string[]): FormattedEnv {
  const masks = secrets.map((s) => `::add-mask::${escapeWorkflowCommandData(s)}\n`).join("");
  return { text: nameValueLines(variables), masks };
}

// --- internal ---

function nameValueLines(variables: readonly EnvVariable[]): string {
  return variables.map((v) => `${v.name}=${v.value}\n`).join("");
}

/** The escaping @actions/core applies to a workflow command's data (`%`, CR, LF). */
function escapeWorkflowCommandData(value: string): string {
  return value.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}
