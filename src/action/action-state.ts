/** The names the main step saves in $GITHUB_STATE for the post step (read back as `STATE_<name>`). */
export const ACTION_STATE = {
  /** The credential cache directory of the job. */
  cacheDir: "crossrole-cache-dir",
  /** JSON list of the role ARNs assumed (their cached sessions and ECR tokens are cleared). */
  roleArns: "crossrole-role-arns",
  /** JSON `{configFile, credentialsFile, names}`: the profiles written (export: profile). */
  profiles: "crossrole-profiles",
  /** docker's config.json the ECR logins went to, and the JSON list of registry hosts added. */
  dockerConfig: "crossrole-docker-config",
  dockerHosts: "crossrole-docker-hosts",
  /** The pid of the credential endpoint (export: serve). */
  servePid: "crossrole-serve-pid",
} as const;
