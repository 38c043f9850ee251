import type { CommandHandler } from "./cli-context.js";

/** A command: its one-line summary (for `crossrole --help`) and a lazy loader, so each command loads only its code. */
export interface CommandEntry {
  summary: string;
  load: () => Promise<CommandHandler>;
}

/** Every command crossrole has, in the order `crossrole --help` lists them. */
export const commands: Record<string, CommandEntry> = {
  init: {
    summary: "Write a starter access spec (crossrole.yaml) with a generated ExternalId per target",
    load: async () => (await import("./commands/init.js")).runInit,
  },
  plan: {
    summary: "Show, offline, the IAM documents each account needs (text, json, cloudformation, terraform)",
    load: async () => (await import("./commands/plan.js")).runPlan,
  },
  lint: {
    summary: "Review the planned access for security problems (exit 4 on errors)",
    load: async () => (await import("./commands/lint.js")).runLint,
  },
  apply: {
    summary: "Create or update the target roles and the BUILD grant from the spec, after a reviewable diff",
    load: async () => (await import("./commands/apply.js")).runApply,
  },
  diff: {
    summary: "Compare live IAM state with the spec (exit 4 on drift)",
    load: async () => (await import("./commands/diff.js")).runDiff,
  },
  destroy: {
    summary: "Remove what crossrole created (and nothing else)",
    load: async () => (await import("./commands/destroy.js")).runDestroy,
  },
  rollout: {
    summary: "Deploy multi-account targets as CloudFormation StackSets, one ExternalId per account",
    load: async () => (await import("./commands/rollout.js")).runRollout,
  },
  verify: {
    summary:
      "Prove live that each target works and refuses callers without the ExternalId (exit 4 on failure)",
    load: async () => (await import("./commands/verify.js")).runVerify,
  },
  revoke: {
    summary: "Revoke every active session of target roles (AWSRevokeOlderSessions); optionally BUILD keys",
    load: async () => (await import("./commands/revoke.js")).runRevoke,
  },
  rotate: {
    summary: "Rotate a target's ExternalId (two phases) or the BUILD user's access key",
    load: async () => (await import("./commands/rotate.js")).runRotate,
  },
  assume: {
    summary: "Assume a target's role and print the credentials (sh, fish, powershell, dotenv, json, ...)",
    load: async () => (await import("./commands/assume.js")).runAssume,
  },
  exec: {
    summary: "Run a command with a target role's credentials in its environment",
    load: async () => (await import("./commands/exec.js")).runExec,
  },
  serve: {
    summary:
      "Serve a target role's credentials on a local, token-protected endpoint, refreshed before expiry",
    load: async () => (await import("./commands/serve.js")).runServe,
  },
  profile: {
    summary: "Write (or --remove) an AWS config profile that assumes a target's role (way 2)",
    load: async () => (await import("./commands/profile.js")).runProfile,
  },
  ecr: {
    summary: "Docker and ECR: log in to target registries, configure the credential helper, log out",
    load: async () => (await import("./commands/ecr.js")).runEcr,
  },
  whoami: {
    summary:
      "Show the caller's AWS identity, the spec in use, cached sessions and what crossrole manages here",
    load: async () => (await import("./commands/whoami.js")).runWhoami,
  },
  status: {
    summary: "The same as whoami",
    load: async () => (await import("./commands/whoami.js")).runWhoami,
  },
  schema: {
    summary: "Print the access spec's JSON Schema (--path: the local file; --url: the public one init links)",
    load: async () => (await import("./commands/schema.js")).runSchema,
  },
  configure: {
    summary: "Container bootstrap: write builder profiles from environment variables (--from-env)",
    load: async () => (await import("./commands/configure.js")).runConfigure,
  },
};
