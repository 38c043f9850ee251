// A GitHub Actions runner's contract with a JavaScript action step, reproduced for the committed bundles of
// action.yml: the step runs as `node <main|post>` with INPUT_<NAME> for every input (action.yml's defaults
// applied, as the runner applies them), fresh $GITHUB_ENV / $GITHUB_OUTPUT / $GITHUB_STATE files, and, for the post
// step, STATE_<name> from the main step's $GITHUB_STATE and the job environment with every $GITHUB_ENV entry of
// earlier steps applied. The files are parsed as the runner parses them (NAME=value lines and NAME<<DELIMITER
// blocks); `::add-mask::` lines are collected from stdout as the runner reads them.
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { runProcess } from "../support/run-process.js";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");

interface ActionMetadata {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string; post?: string };
}

/** action.yml as the runner reads it. */
export async function readActionMetadata(): Promise<ActionMetadata> {
  return parse(await readFile(join(REPO_ROOT, "action.yml"), "utf8")) as ActionMetadata;
}

/** One step's outcome. */
export interface StepRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Parsed $GITHUB_ENV, $GITHUB_OUTPUT and $GITHUB_STATE of this step, and their raw text. */
  exported: Record<string, string>;
  outputs: Record<string, string>;
  state: Record<string, string>;
  rawEnvFile: string;
  /** The values of every `::add-mask::` line, in order. */
  masks: string[];
  /** The `::error::` messages (unescaped). */
  errors: string[];
  /** What the step appended to $GITHUB_STEP_SUMMARY. */
  summary: string;
}

/** A job: its environment and the steps run so far (the post step sees the main step's state and exports). */
export class GitHubJob {
  private jobEnv: Record<string, string>;
  private savedState: Record<string, string> = {};
  private steps = 0;

  constructor(
    env: Record<string, string>,
    readonly workspace: string,
    readonly runnerTemp: string,
  ) {
    this.jobEnv = {
      ...env,
      GITHUB_ACTIONS: "true",
      CI: "true",
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: runnerTemp,
      GITHUB_REPOSITORY: "acme/app",
      GITHUB_RUN_ID: "4242",
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_WORKFLOW: "deploy",
      GITHUB_JOB: "build",
      GITHUB_REF: "refs/heads/main",
      GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
    };
  }

  /** The environment a later `run:` step gets (the job's, with every $GITHUB_ENV entry applied). */
  get env(): Record<string, string> {
    return { ...this.jobEnv };
  }

  static async create(env: Record<string, string>): Promise<GitHubJob> {
    const dir = await mkdtemp(join(env.HOME ?? "/tmp", "gha-"));
    const workspace = join(dir, "work", "app");
    const runnerTemp = join(dir, "_temp");
    await mkdir(workspace, { recursive: true });
    await mkdir(runnerTemp, { recursive: true });
    return new GitHubJob(env, workspace, runnerTemp);
  }

  /** Runs the action's main step with `with:` inputs. */
  async main(inputs: Record<string, string>): Promise<StepRun> {
    const metadata = await readActionMetadata();
    const env: Record<string, string> = { ...this.jobEnv };
    for (const [name, spec] of Object.entries(metadata.inputs)) {
      const value = inputs[name] ?? spec.default;
      if (value !== undefined) env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
    }
    for (const name of Object.keys(inputs)) {
      if (!(name in metadata.inputs)) throw new Error(`input ${name} is not in action.yml`);
    }
    const run = await this.step(metadata.runs.main, env);
    this.savedState = run.state;
    return run;
  }

  /**
   * Runs the action's post step, as the runner does when the job ends, with the state of the last main step (or of
   * `main`: each step of the action has its own post step and state; they run in reverse order).
   */
  async post(main?: StepRun): Promise<StepRun> {
    const metadata = await readActionMetadata();
    if (metadata.runs.post === undefined) throw new Error("action.yml has no post step");
    const env: Record<string, string> = { ...this.jobEnv };
    for (const [name, value] of Object.entries(main?.state ?? this.savedState)) env[`STATE_${name}`] = value;
    return this.step(metadata.runs.post, env);
  }

  private async step(entry: string, env: Record<string, string>): Promise<StepRun> {
    this.steps += 1;
    const files = {
      GITHUB_ENV: join(this.runnerTemp, `_runner_file_commands/set_env_${this.steps}`),
      GITHUB_OUTPUT: join(this.runnerTemp, `_runner_file_commands/set_output_${this.steps}`),
      GITHUB_STATE: join(this.runnerTemp, `_runner_file_commands/save_state_${this.steps}`),
      GITHUB_STEP_SUMMARY: join(this.runnerTemp, `_runner_file_commands/step_summary_${this.steps}`),
      GITHUB_PATH: join(this.runnerTemp, `_runner_file_commands/add_path_${this.steps}`),
    };
    await mkdir(join(this.runnerTemp, "_runner_file_commands"), { recursive: true });
    for (const file of Object.values(files)) await writeFile(file, "");
    const run = await runProcess(process.execPath, [join(REPO_ROOT, entry)], {
      env: { ...env, ...files },
      cwd: this.workspace,
      ignoreStdin: true,
      timeoutMs: 60_000,
    });
    const rawEnvFile = await readFile(files.GITHUB_ENV, "utf8");
    const exported = parseFileCommand(rawEnvFile);
    Object.assign(this.jobEnv, exported);
    const lines = run.stdout.split("\n");
    return {
      code: run.code,
      stdout: run.stdout,
      stderr: run.stderr,
      exported,
      outputs: parseFileCommand(await readFile(files.GITHUB_OUTPUT, "utf8")),
      state: parseFileCommand(await readFile(files.GITHUB_STATE, "utf8")),
      rawEnvFile,
      masks: lines.filter((l) => l.startsWith("::add-mask::")).map((l) => unescapeData(l.slice(12))),
      errors: lines.filter((l) => l.startsWith("::error::")).map((l) => unescapeData(l.slice(9))),
      summary: await readFile(files.GITHUB_STEP_SUMMARY, "utf8"),
    };
  }
}

/** Parses a file command as the runner does: `NAME=value` lines and `NAME<<DELIMITER` … `DELIMITER` blocks. */
export function parseFileCommand(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc !== null) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] as string);
      if (i >= lines.length) throw new Error(`unterminated ${name}<<${delimiter} block`);
      result[name] = value.join("\n");
    } else {
      const at = line.indexOf("=");
      if (at <= 0) throw new Error(`invalid file command line: ${line}`);
      result[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return result;
}

function unescapeData(text: string): string {
  return text.replace(/%0A/g, "\n").replace(/%0D/g, "\r").replace(/%25/g, "%");
}
