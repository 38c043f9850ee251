// The GitHub Action's main step (action.yml `runs.main`: action/dist/main.cjs, bundled by scripts/build.mjs).
// With SERVE_ARGUMENT the same bundle is the credential endpoint process of `export: serve`.
import { renderError } from "../cli/render-error.js";
import { runActionMain } from "./run-action-main.js";
import { RunnerCommands } from "./runner-commands.js";
import { runServeProcess, SERVE_ARGUMENT, serveInBackground } from "./serve-in-background.js";

declare const __CROSSROLE_VERSION__: string | undefined;
const VERSION = typeof __CROSSROLE_VERSION__ === "string" ? __CROSSROLE_VERSION__ : "dev";

if (process.argv[2] === SERVE_ARGUMENT) {
  void runServeProcess(process.env, VERSION);
} else {
  const runner = new RunnerCommands(process.env, (text) => process.stdout.write(text));
  runActionMain({
    runner,
    env: process.env,
    cwd: process.cwd(),
    version: VERSION,
    startServe: (env) => serveInBackground(process.argv[1] as string, env),
  }).catch((error: unknown) => {
    // The CLI's message and hint (for a refused AssumeRole: which of the causes applies), never a secret.
    runner.error(renderError(error).trim());
    process.exitCode = 1;
  });
}
