import { runWithEndpoint } from "../local/process/run-with-endpoint.js";
import type { AssumeTargetOptions } from "../workflows/assume-target.js";
import { serveCredentials } from "../workflows/serve-credentials.js";
import type { CliContext } from "./cli-context.js";
import { renderRefresherEvent } from "./render-refresher-event.js";

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
