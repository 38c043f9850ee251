/**
 * Every command crossrole has and its one-line summary, in the order `crossrole --help` lists them (hidden ones are
 * left out of help and completion). The loaders are in command-registry.ts.
 */
export const commandSummaries = {
  init: { summary: "Write a starter access spec (crossrole.yaml) with a generated ExternalId per target" },
  plan: {
    summary: "Show, offline, the IAM documents each account needs (text, json, cloudformation, terraform)",
  },
  lint: { summary: "Review the planned access for security problems (exit 4 on errors)" },
  apply: {
    summary: "Create or update the target roles and the BUILD grant from the spec, after a reviewable diff",
  },
  diff: { summary: "Compare live IAM state with the spec (exit 4 on drift)" },
  destroy: { summary: "Remove what crossrole created (and nothing else)" },
  rollout: {
    summary: "Deploy multi-account targets as CloudFormation StackSets, one ExternalId per account",
  },
  verify: {
    summary:
      "Prove live that each target works and refuses callers without the ExternalId (exit 4 on failure)",
  },
  revoke: {
    summary: "Revoke every active session of target roles (AWSRevokeOlderSessions); optionally BUILD keys",
  },
  rotate: { summary: "Rotate a target's ExternalId (two phases) or the BUILD user's access key" },
  assume: {
    summary: "Assume a target's role and print the credentials (sh, fish, powershell, dotenv, json, ...)",
  },
  exec: { summary: "Run a command with a target role's credentials in its environment" },
  serve: {
    summary:
      "Serve a target role's credentials on a local, token-protected endpoint, refreshed before expiry",
  },
  profile: { summary: "Write (or --remove) an AWS config profile that assumes a target's role (way 2)" },
  ecr: { summary: "Docker and ECR: log in to target registries, configure the credential helper, log out" },
  whoami: {
    summary:
      "Show the caller's AWS identity, the spec in use, cached sessions and what crossrole manages here",
  },
  status: { summary: "The same as whoami", aliasOf: "whoami" },
  audit: {
    summary:
      "Lint the live trust policy of every IAM role in one or more accounts, not only crossrole's (exit 4 on errors)",
  },
  schema: {
    summary: "Print the access spec's JSON Schema (--path: the local file; --url: the public one init links)",
  },
  configure: {
    summary: "Container bootstrap: write builder profiles from environment variables (--from-env)",
  },
  completion: { summary: "Print a shell completion script: crossrole completion bash|zsh|fish" },
  __complete: { summary: "Completion's helper: print candidate words (targets of the spec)", hidden: true },
} as const satisfies Record<string, { summary: string; hidden?: boolean; aliasOf?: string }>;
