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
};
