import { UsageError } from "../../core/errors.js";
import type { CliContext } from "../cli-context.js";
import { ExitCode } from "../exit-codes.js";
import { commandSummaries } from "../options/command-summaries.js";
import { completionModel } from "../options/completion-model.js";
import { optionHelp } from "../options/option-help.js";
import type { OptionId } from "../options/option-table.js";
import { COMPLETION_SHELLS, type CompletionShell, renderCompletion } from "../options/render-completion.js";
import { helpFor, renderOptionsHelp } from "../options/render-options-help.js";
import { parseCommandArgs } from "../parse-command-args.js";

const usage = `Usage: crossrole completion bash|zsh|fish

Prints a shell completion script: commands, ecr's subcommands, each command's options and their values, and the
target names of the spec (found as crossrole finds it: -c, $CROSSROLE_CONFIG, ./crossrole.yaml).

  bash   source <(crossrole completion bash)          # in ~/.bashrc
  zsh    source <(crossrole completion zsh)           # in ~/.zshrc, after compinit
  fish   crossrole completion fish | source           # or > ~/.config/fish/completions/crossrole.fish

Options:
${renderOptionsHelp("completion")}
`;

/** `crossrole completion SHELL`: the completion script, generated from the option table. */
export async function runCompletion(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("completion", argv);
  if (values.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  const [shell, ...extra] = positionals;
  const known = COMPLETION_SHELLS.find((s) => s === shell);
  if (known === undefined || extra.length > 0) {
    throw new UsageError(
      shell === undefined
        ? "crossrole completion: which shell? Give bash, zsh or fish."
        : `crossrole completion: ${extra.length > 0 ? `one shell expected, got ${positionals.join(", ")}` : `unknown shell "${shell}"; accepted: ${COMPLETION_SHELLS.join(", ")}`}.`,
      { hint: "Run: crossrole completion --help" },
    );
  }
  const model = completionModel(commandSummaries, (id, command) =>
    helpFor(optionHelp[id as OptionId], command),
  );
  ctx.stdout.write(renderCompletion(known satisfies CompletionShell, model));
  return ExitCode.ok;
}
