import { runWithEndpoint } from "../local/process/run-with-endpoint.js";
import type { AssumeTargetOptions } from "../workflows/assume-target.js";
import { serveCredentials } from "../workflows/serve-credentials.js";
import type { CliContext } from "./cli-context.js";
import { renderRefresherEvent } from "./render-refresher-event.js";

/** The flag `exec` takes for this mode (merged into its parseAssumeArgs options). */
export const execServeFlag = { serve: { type: "boolean" } } as const;

/** Help text for `exec --serve`. */
export const execServeHelp = `  --serve                 Give COMMAND no keys but a local credential endpoint (127.0.0.1, random port,
                          random token): AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN.
                          AWS SDKs and the aws CLI fetch credentials from it and refresh them themselves;
                          crossrole re-assumes the role before each session expires (the larger of 5 min and
                          10 % of its lifetime before), so COMMAND may outlive one session and the 1 h
                          role-chaining cap (while crossrole's own source credentials stay valid, e.g. an
                          instance or task role). The endpoint stops with COMMAND.`;

/**
 * `crossrole exec --serve`: starts the credential endpoint ({@link serveCredentials}, loopback, random port and
 * token), runs the command with only the endpoint's variables ({@link runWithEndpoint}), stops the endpoint when the
 * command ends and returns the command's exit code. Refresh failures are reported on stderr.
 */
export async function execWithEndpoint(
  options: AssumeTargetOptions,
  command: string,
  args: readonly string[],
  ctx: CliContext,
): Promise<number> {
  let roleArn = "the role";
  const endpoint = await serveCredentials({
    assume: options,
    onEvent: (event) => {
      if (event.type === "refresh-failed") ctx.stderr.write(renderRefresherEvent(event, roleArn));
    },
  });
  roleArn = endpoint.roleArn;
  try {
    for (const warning of endpoint.warnings) ctx.stderr.write(`crossrole: warning: ${warning}\n`);
    return await runWithEndpoint({
      command,
      args,
      env: ctx.env,
      endpoint: endpoint.environment(),
      cwd: ctx.cwd,
    });
  } finally {
    await endpoint.close();
  }
}
