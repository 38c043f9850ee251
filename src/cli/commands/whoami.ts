import { UsageError } from "../../core/errors.js";
import { formatExpiration } from "../../core/session/format-expiration.js";
import { resolveCredentialCacheDir } from "../../local/cache/credential-cache.js";
import { resolveHomeDir } from "../../local/fs/resolve-home-dir.js";
import { resolveDockerConfigPath } from "../../outputs/read-docker-config.js";
import { describeSpecNotFound, showPath } from "../../outputs/spec-file/resolve-spec-path.js";
import { resolveAwsProfileFiles } from "../../outputs/write-aws-profile.js";
import { describeStatus, type Status, type StatusPart } from "../../workflows/describe-status.js";
import type { CliContext } from "../cli-context.js";
import { ExitCode } from "../exit-codes.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { sourceProfile } from "../parse-assume-options.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { locateSpecFor } from "../spec-in-use.js";

const usage = `Usage: crossrole whoami [-c FILE] [--profile NAME] [--region R] [--endpoint-url URL] [-q] [--json]
       crossrole status ...  (the same)

Shows, without changing anything:
  identity   who the AWS credentials are (sts GetCallerIdentity), or why there are none
  spec       the access spec in use (-c, $CROSSROLE_CONFIG, else crossrole.yaml here or above) and its targets
  sessions   the sessions in crossrole's credential cache: role and expiry (never a key)
  profiles   the AWS config/credentials sections crossrole manages (marked "# managed by crossrole")
  docker     the docker config.json entries crossrole added (auths, credHelpers)

Options:
${renderOptionsHelp("whoami")}

With --json: one document on stdout (schema/output/whoami.schema.json), every part
included; a part crossrole could not find out is {"problem", "hint"}. Never a key.

Exit codes: 0 whatever it finds (no credentials and no spec are shown, not failures), 2 invalid input.
`;

/** `crossrole whoami` / `crossrole status`: identity, spec, cached sessions, managed profiles and docker entries. */
export async function runWhoami(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("whoami", argv);
  if (values.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  if (positionals.length > 0) {
    throw new UsageError(`crossrole whoami takes no arguments (got "${positionals[0]}").`, {
      hint: "Run: crossrole whoami --help",
    });
  }
  const home = resolveHomeDir(ctx.env);
  const location = locateSpecFor(ctx, values.config);
  const missing = describeSpecNotFound(location, ctx.cwd);
  const status = await describeStatus({
    spec: missing === undefined ? { file: location.path } : { missing },
    cacheDir: resolveCredentialCacheDir(ctx.env, home),
    awsFiles: resolveAwsProfileFiles({ env: ctx.env, homeDir: home, cwd: ctx.cwd }),
    dockerConfigPath: resolveDockerConfigPath(ctx.env, home),
    identity: async () => {
      const [{ createStsProbe }, { buildCredentialsConfig }] = await Promise.all([
        import("../../aws/sts-probe.js"),
        import("../create-verify-ports.js"),
      ]);
      return createStsProbe(
        buildCredentialsConfig({
          env: ctx.env,
          region: values.region,
          endpoint: values["endpoint-url"],
          sourceProfile: sourceProfile("whoami", values.profile, values["source-profile"]),
        }),
      );
    },
  });
  if (values.json === true) {
    const { renderWhoamiJson } = await import("../../outputs/json/render-whoami-json.js");
    ctx.stdout.write(renderWhoamiJson(status));
    return ExitCode.ok;
  }
  ctx.stdout.write(renderStatus(status, ctx.cwd, values.quiet === true));
  return ExitCode.ok;
}

// --- internal ---

/** The status report; `quiet`: the identity and the spec only. */
function renderStatus(status: Status, cwd: string, quiet: boolean): string {
  const lines: string[] = [];
  lines.push(
    ...section("identity", status.identity, (id) => [
      `${id.arn}`,
      `account ${id.account}, user ID ${id.userId}`,
    ]),
  );
  lines.push(
    ...section("spec", status.spec, (spec) => [
      `${showPath(spec.file, cwd)}${spec.name === undefined ? "" : ` (name: ${spec.name})`}`,
      ...spec.targets.map((t) => `target ${t.name}: ${t.roleArn} (${t.region})`),
    ]),
  );
  if (quiet) return `${lines.join("\n")}\n`;
  lines.push(
    status.sessions.length === 0 ? "sessions  none cached" : "sessions",
    ...status.sessions.map(
      (s) =>
        `  ${s.roleArn}  ${s.expired ? "expired" : "expires"} ${formatExpiration(s.expiration)}${s.assumedRoleArn === undefined ? "" : `  (${s.assumedRoleArn})`}`,
    ),
  );
  lines.push(
    status.profiles.length === 0 ? "profiles  none managed by crossrole" : "profiles",
    ...status.profiles.map(
      (p) => `  [${p.name}] in ${p.file}${p.origin === undefined ? "" : ` (${p.origin})`}`,
    ),
  );
  const { docker } = status;
  const entries = [
    ...docker.auths.map((h) => `  auths ${h}`),
    ...docker.credHelpers.map(
      (c) => `  credHelpers ${c.host}${c.target === undefined ? "" : ` -> target ${c.target}`}`,
    ),
  ];
  lines.push(
    entries.length === 0
      ? `docker    no entries added by crossrole (${docker.configPath})`
      : `docker    ${docker.configPath}`,
    ...entries,
  );
  return `${lines.join("\n")}\n`;
}

function section<T>(title: string, part: StatusPart<T>, show: (value: T) => string[]): string[] {
  const pad = title.padEnd(9);
  if (!part.ok) {
    return [`${pad} ${part.problem}`, ...(part.hint === undefined ? [] : [`          ${part.hint}`])];
  }
  const [first, ...rest] = show(part.value);
  return [`${pad} ${first ?? ""}`, ...rest.map((l) => `          ${l}`)];
}
