import { spawn } from "node:child_process";
import { openSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderError } from "../cli/render-error.js";
import { renderRefresherEvent } from "../cli/render-refresher-event.js";
import { EnvironmentError } from "../core/errors.js";
import { maskExternalId } from "../core/identifiers/mask-external-id.js";
import { formatExpiration } from "../core/session/format-expiration.js";
import { serveCredentials } from "../workflows/serve-credentials.js";
import { readActionInputs } from "./action-inputs.js";
import { nonEmpty, resolveActionRoles } from "./action-roles.js";
import { RunnerCommands } from "./runner-commands.js";

/** What the endpoint process hands the main step, once, on its stdout pipe (never on disk). */
export interface ServeHandOff {
  pid: number;
  url: string;
  /** The bearer token: a secret. */
  token: string;
  roleArn: string;
  assumedRoleArn?: string | undefined;
  /** The ExternalId as maskExternalId shows it (never the value). */
  maskedExternalId?: string | undefined;
  expiration: string;
  warnings: string[];
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_CONTAINER_AUTHORIZATION_TOKEN, AWS_REGION, AWS_DEFAULT_REGION. */
  environment: Record<string, string>;
}

/** The argument that makes the action's main bundle the endpoint process instead of the step. */
export const SERVE_ARGUMENT = "--crossrole-serve";

/**
 * Starts the credential endpoint (export: serve) as a detached process running `script` with
 * {@link SERVE_ARGUMENT}, which outlives the step (the runner ends it with the job; the post step stops it first),
 * and waits for its hand-off line. Its log (refreshes, failures; never secrets) goes to $RUNNER_TEMP/crossrole-serve.log.
 * @throws the endpoint's own error (as the CLI renders it) when it could not start.
 */
export async function serveInBackground(
  script: string,
  env: Record<string, string | undefined>,
): Promise<ServeHandOff> {
  const log = join(nonEmpty(env.RUNNER_TEMP) ?? tmpdir(), "crossrole-serve.log");
  const child = spawn(process.execPath, [script, SERVE_ARGUMENT], {
    env,
    detached: true,
    stdio: ["ignore", "pipe", openSync(log, "a", 0o600)],
  });
  const out = child.stdout;
  if (out === null) throw new Error("spawn gave the endpoint process no stdout pipe");
  const line = await new Promise<string>((done, fail) => {
    let text = "";
    out.setEncoding("utf8");
    out.on("data", (chunk: string) => {
      text += chunk;
      if (text.includes("\n")) done(text.slice(0, text.indexOf("\n")));
    });
    child.on("error", fail);
    child.on("exit", (code) => done(text === "" ? JSON.stringify({ error: `exited with ${code}` }) : text));
  });
  out.destroy();
  child.unref();
  const message = JSON.parse(line) as { error?: string } & Omit<ServeHandOff, "pid">;
  if (message.error !== undefined) {
    throw new EnvironmentError(
      "SERVE_START_FAILED",
      `the credential endpoint did not start: ${message.error.trim().replace(/^crossrole: /, "")}`,
      { hint: `Its log: ${log}` },
    );
  }
  return { ...message, pid: child.pid as number };
}

/**
 * The endpoint process: reads the same inputs as the step, serves the role until it is stopped, and writes one
 * hand-off line (or `{"error"}`) to stdout, then nothing more there.
 */
export async function runServeProcess(
  env: Record<string, string | undefined>,
  version: string,
): Promise<void> {
  const write = (text: string) => process.stdout.write(text);
  try {
    const inputs = readActionInputs(new RunnerCommands(env, () => {}));
    const roles = resolveActionRoles(inputs, env, process.cwd(), version);
    const source = roles.sources[0];
    if (source === undefined) throw new Error("no role to serve");
    const endpoint = await serveCredentials({
      assume: { ...roles.base, target: source },
      onEvent: (event) => process.stderr.write(renderRefresherEvent(event, endpoint.roleArn)),
    });
    const handOff: Omit<ServeHandOff, "pid"> = {
      url: endpoint.url,
      token: endpoint.token,
      roleArn: endpoint.roleArn,
      assumedRoleArn: endpoint.assumedRoleArn,
      maskedExternalId: endpoint.externalId === undefined ? undefined : maskExternalId(endpoint.externalId),
      expiration: formatExpiration(endpoint.firstExpiration),
      warnings: [...endpoint.warnings],
      environment: endpoint.environment(),
    };
    write(`${JSON.stringify(handOff)}\n`);
    process.stderr.write(`crossrole: serving ${endpoint.roleArn} on ${endpoint.url}\n`);
    const stop = () => {
      void endpoint.close().then(() => process.exit(0));
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  } catch (error) {
    write(`${JSON.stringify({ error: renderError(error) })}\n`);
    process.exitCode = 1;
  }
}
