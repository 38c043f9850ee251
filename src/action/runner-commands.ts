import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import { EnvironmentError } from "../core/errors.js";

/** The environment of an action step, as the GitHub Actions runner sets it. */
export type RunnerEnv = Readonly<Record<string, string | undefined>>;

/**
 * The runner's side of an action step: inputs from `INPUT_<NAME>`, state from `STATE_<NAME>`, and the file and
 * workflow commands a step writes (`$GITHUB_ENV`, `$GITHUB_OUTPUT`, `$GITHUB_STATE`, `$GITHUB_STEP_SUMMARY`,
 * `::add-mask::`, `::error::`),
 * as @actions/core writes them, without its dependencies. `write` is the step's stdout.
 */
export class RunnerCommands {
  constructor(
    private readonly env: RunnerEnv,
    private readonly write: (text: string) => void,
  ) {}

  /** `INPUT_<NAME>` (spaces → `_`, upper case, hyphens kept, as the runner names them), trimmed; "" when unset. */
  input(name: string): string {
    return (this.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
  }

  /** The value the main step saved with {@link saveState} (`STATE_<name>` in the post step); "" when unset. */
  state(name: string): string {
    return this.env[`STATE_${name}`] ?? "";
  }

  /** Masks `value` in every later log line of the job. Call before the value is written anywhere. */
  mask(value: string): void {
    if (value === "") return;
    // The runner masks each line of a multi-line secret separately.
    for (const line of value.split(/\r?\n/)) {
      if (line !== "") this.write(`::add-mask::${escapeData(line)}\n`);
    }
  }

  /** Sets `name` for every later step of the job (appended to `$GITHUB_ENV`). */
  exportVariable(name: string, value: string): void {
    this.appendFileCommand("GITHUB_ENV", name, value);
  }

  setOutput(name: string, value: string): void {
    this.appendFileCommand("GITHUB_OUTPUT", name, value);
  }

  /** Saved for the post step, which reads it as `STATE_<name>`. */
  saveState(name: string, value: string): void {
    this.appendFileCommand("GITHUB_STATE", name, value);
  }

  /** Appends Markdown to the job's summary page ($GITHUB_STEP_SUMMARY); nothing when the runner gives none. */
  summary(markdown: string): void {
    const file = this.env.GITHUB_STEP_SUMMARY;
    if (file !== undefined && file !== "") appendFileSync(file, markdown, { encoding: "utf8" });
  }

  info(message: string): void {
    this.write(`${message}\n`);
  }

  warning(message: string): void {
    this.write(`::warning::${escapeData(message)}\n`);
  }

  error(message: string): void {
    this.write(`::error::${escapeData(message)}\n`);
  }

  private appendFileCommand(variable: string, name: string, value: string): void {
    const file = this.env[variable];
    if (file === undefined || file === "") {
      throw new EnvironmentError(
        "NOT_IN_GITHUB_ACTIONS",
        `$${variable} is not set: the crossrole action runs only as a step of a GitHub Actions job.`,
        { hint: "Outside GitHub Actions use the CLI: crossrole assume TARGET --format sh (or github-env)." },
      );
    }
    // The multi-line form with a random delimiter, so no value can end the entry early and inject another.
    const delimiter = `ghadelimiter_${randomUUID()}`;
    if (name.includes(delimiter) || value.includes(delimiter) || /[\r\n=]/.test(name)) {
      throw new EnvironmentError("NOT_IN_GITHUB_ACTIONS", `refusing to write ${name} to $${variable}.`);
    }
    appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`, { encoding: "utf8" });
  }
}

/** Escapes a workflow command's data as the runner expects (`%`, CR, LF). */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
