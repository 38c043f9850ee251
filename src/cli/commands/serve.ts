import { isIP } from "node:net";
import { UsageError } from "../../core/errors.js";
import { formatExpiration } from "../../core/session/format-expiration.js";
import { refreshMarginMs } from "../../core/session/refresh-schedule.js";
import { waitForSignal } from "../../local/process/wait-for-signal.js";
import { serveCredentials } from "../../workflows/serve-credentials.js";
import type { CliContext } from "../cli-context.js";
import { ExitCode } from "../exit-codes.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { parseAssumeArgs } from "../parse-assume-options.js";
import { renderRefresherEvent } from "../render-refresher-event.js";

const usage = `Usage: crossrole serve TARGET [--port P] [--bind ADDR] [options]
       crossrole serve --role-arn ARN --external-id ID [--region R] [options]

Serves the target role's credentials on a local container-credentials endpoint (the protocol of ECS task roles)
until SIGINT/SIGTERM, for a build agent shared by many jobs. It assumes the role at start (and fails if it
cannot), then re-assumes it before each session expires (the larger of 5 min and 10 % of the lifetime before),
retrying with backoff while it keeps serving the last good credentials. Nothing is written to disk, and the
credential cache is not used (--min-ttl and --no-cache have no effect): every fetch is a fresh AssumeRole.

stdout: the variables a job exports (sh syntax) and nothing else:
  export AWS_CONTAINER_CREDENTIALS_FULL_URI='http://127.0.0.1:PORT/credentials'
  export AWS_CONTAINER_AUTHORIZATION_TOKEN='...'      <- a SECRET: whoever has it (and can reach the
  export AWS_REGION=... AWS_DEFAULT_REGION=...            address) gets the role's credentials
  unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY ...   (static keys and profiles would win over the endpoint)
stderr: what crossrole is doing (never secrets).

Every request must carry the token as its Authorization header (AWS SDKs and the aws CLI send
$AWS_CONTAINER_AUTHORIZATION_TOKEN): missing → 401, wrong → 403.

Options:
${renderOptionsHelp("serve")}

Examples:
  crossrole serve deploy > "$RUNNER_TEMP/crossrole.env" &     # then, in each job:  . "$RUNNER_TEMP/crossrole.env"
  crossrole serve deploy --port 9911
`;

/** `crossrole serve`: run the credential endpoint standalone until a stop signal; 0 after a clean shutdown. */
export async function runServe(argv: string[], ctx: CliContext): Promise<number> {
  const parsed = parseAssumeArgs("serve", argv, ctx, VERSION);
  if (parsed.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  if (parsed.specNotice !== undefined) ctx.stderr.write(parsed.specNotice);
  const port = parsePort(parsed.values.port);
  const host = parseBind(parsed.values.bind);
  const quiet = parsed.values.quiet === true;
  let roleArn = "the role";
  const endpoint = await serveCredentials({
    assume: parsed.options,
    host,
    port,
    onEvent: (event) => {
      if (!quiet || event.type !== "refreshed") ctx.stderr.write(renderRefresherEvent(event, roleArn));
    },
  });
  roleArn = endpoint.roleArn;
  // Listen for stop signals before printing the exports: a supervisor may read them and stop us at once.
  const stopped = waitForSignal();
  try {
    for (const warning of endpoint.warnings) ctx.stderr.write(`crossrole: warning: ${warning}\n`);
    if (!endpoint.loopback) {
      ctx.stderr.write(
        `crossrole: warning: listening on ${endpoint.host}, not a loopback address: anything that can reach ${endpoint.host}:${endpoint.port} and knows the token gets the credentials of ${endpoint.roleArn}, over unencrypted HTTP. botocore (aws CLI, boto3) and the JS SDK v3 refuse an http:// AWS_CONTAINER_CREDENTIALS_FULL_URI on this host (they allow only loopback, localhost, 169.254.170.2, 169.254.170.23, fd00:ec2::23).\n`,
      );
    }
    const lifetime = endpoint.firstExpiration.getTime() - Date.now();
    if (!quiet)
      ctx.stderr.write(
        `crossrole: serving ${endpoint.assumedRoleArn ?? endpoint.roleArn} at ${endpoint.url}; session expires ${formatExpiration(endpoint.firstExpiration)} and is re-assumed about ${Math.round(refreshMarginMs(lifetime) / 60_000)} min before. The token printed on stdout is a secret. Stop with Ctrl-C or SIGTERM.\n`,
      );
    ctx.stdout.write(renderExports(endpoint.environment()));
    const signal = await stopped;
    if (!quiet)
      ctx.stderr.write(
        `crossrole: ${signal}: stopping the endpoint (${endpoint.refreshes} refresh${endpoint.refreshes === 1 ? "" : "es"} made).\n`,
      );
  } finally {
    await endpoint.close();
  }
  return ExitCode.ok;
}

// --- internal ---

declare const __CROSSROLE_VERSION__: string | undefined;
const VERSION = typeof __CROSSROLE_VERSION__ === "string" ? __CROSSROLE_VERSION__ : "dev";

const UNSET = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
];

function renderExports(variables: Record<string, string>): string {
  const lines = Object.entries(variables).map(
    ([name, value]) => `export ${name}='${value.replaceAll("'", "'\\''")}'`,
  );
  return `${[...lines, `unset ${UNSET.join(" ")}`].join("\n")}\n`;
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port > 65_535) {
    throw new UsageError(`--port takes a port number 0..65535, not "${value}".`);
  }
  return port;
}

function parseBind(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const host = value.replace(/^\[(.*)\]$/, "$1");
  if (host === "localhost") return "127.0.0.1";
  if (isIP(host) === 0) {
    throw new UsageError(`--bind takes an IP address, not "${value}".`, {
      hint: "e.g. --bind 127.0.0.1 (default), or the docker bridge address 172.17.0.1.",
    });
  }
  return host;
}
