/** The output of `formatEnv` (format-env.ts). */
export interface FormattedEnv {
  /**
   * The output proper: what to print (shell, dotenv, json formats) or, for `github-env`, the lines to append to the
   * file named by `$GITHUB_ENV` (never to stdout: the values would show in the log).
   */
  text: string;
  /**
   * Workflow commands that must reach the CI runner's STDOUT before `text` is used: for `github-env` one
   * `::add-mask::VALUE` line per secret (access key id, secret key, session token), so the runner redacts them from
   * every later log line. Empty for every other format.
   */
  masks: string;
}

/**
 * Variables a shell format unsets: a profile selection that would compete with the keys (AWS_PROFILE makes botocore
 * fail when the profile does not exist here) and AWS_SECURITY_TOKEN, the legacy name of a previous session's token.
 */
