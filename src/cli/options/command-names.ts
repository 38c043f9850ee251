/**
 * Every command (and `ecr` subcommand) whose argv is parsed, as the option table names them. `rotate`'s
 * external-id/build-key are positionals of one command (they share its flags).
 */
export const commandNames = [
  "init",
  "plan",
  "lint",
  "apply",
  "diff",
  "destroy",
  "rollout",
  "verify",
  "revoke",
  "rotate",
  "assume",
  "exec",
  "serve",
  "profile",
  "ecr login",
  "ecr configure-helper",
  "ecr logout",
  "configure",
  "whoami",
  "audit",
  "schema",
  "completion",
] as const;

/** A command (or `ecr` subcommand) as the option table names it. */
export type CommandName = (typeof commandNames)[number];
