import type { CommandHandler } from "./cli-context.js";
import { commandSummaries } from "./options/command-summaries.js";

/** A command: its one-line summary (for `crossrole --help`) and a lazy loader, so each command loads only its code. */
export interface CommandEntry {
  summary: string;
  load: () => Promise<CommandHandler>;
  /** Left out of `crossrole --help` and of completion (internal: `__complete`). */
  hidden?: boolean;
}

const loaders: Record<keyof typeof commandSummaries, () => Promise<CommandHandler>> = {
  init: async () => (await import("./commands/init.js")).runInit,
  plan: async () => (await import("./commands/plan.js")).runPlan,
  lint: async () => (await import("./commands/lint.js")).runLint,
  apply: async () => (await import("./commands/apply.js")).runApply,
  diff: async () => (await import("./commands/diff.js")).runDiff,
  destroy: async () => (await import("./commands/destroy.js")).runDestroy,
  rollout: async () => (await import("./commands/rollout.js")).runRollout,
  verify: async () => (await import("./commands/verify.js")).runVerify,
  revoke: async () => (await import("./commands/revoke.js")).runRevoke,
  rotate: async () => (await import("./commands/rotate.js")).runRotate,
  assume: async () => (await import("./commands/assume.js")).runAssume,
  exec: async () => (await import("./commands/exec.js")).runExec,
  serve: async () => (await import("./commands/serve.js")).runServe,
  profile: async () => (await import("./commands/profile.js")).runProfile,
  ecr: async () => (await import("./commands/ecr.js")).runEcr,
  whoami: async () => (await import("./commands/whoami.js")).runWhoami,
  status: async () => (await import("./commands/whoami.js")).runWhoami,
  audit: async () => (await import("./commands/audit.js")).runAudit,
  schema: async () => (await import("./commands/schema.js")).runSchema,
  configure: async () => (await import("./commands/configure.js")).runConfigure,
  completion: async () => (await import("./commands/completion.js")).runCompletion,
  __complete: async () => (await import("./commands/complete-words.js")).runCompleteWords,
};

/** Every command crossrole has, in the order `crossrole --help` lists them. */
export const commands: Record<string, CommandEntry> = Object.fromEntries(
  Object.entries(commandSummaries).map(([name, entry]) => [
    name,
    { ...entry, load: loaders[name as keyof typeof commandSummaries] },
  ]),
);
