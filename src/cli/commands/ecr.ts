import { UsageError } from "../../core/errors.js";
import { formatExpiration } from "../../core/session/format-expiration.js";
import { suggestKey } from "../../core/suggest-key.js";
import type { EcrLoginView } from "../../outputs/json/render-ecr-json.js";
import { resolveDockerConfigPath } from "../../outputs/read-docker-config.js";
import type { EcrRegistrySelection } from "../../workflows/plan-ecr-registries.js";
import type { CliContext } from "../cli-context.js";
import { ExitCode } from "../exit-codes.js";
import type { CommandValues } from "../options/command-options.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { parseAssumeSelection } from "../parse-assume-options.js";

const overview = `Usage: crossrole ecr login [TARGET]... [--target NAME]... [--registry-id ID]... [--region R] [--print-password | --docker] [--json]
       crossrole ecr configure-helper [TARGET]... [--registry-id ID]... [--json]
       crossrole ecr logout [TARGET]... [--json]

Docker and Amazon ECR, through the targets' roles (each assumed with its ExternalId, through the credential cache).
TARGET (positional, or repeatable --target NAME) defaults to every target of the spec (logout: every entry
crossrole added).

  login             Get an ECR token per registry (cached until half its 12 h life) and merge one "auths" entry
                    per registry host into docker's config.json ($DOCKER_CONFIG/config.json, else
                    ~/.docker/config.json; 0600, atomic, locked; every other entry is kept).
  configure-helper  Route the targets' registries to crossrole's credential helper: credHelpers[host] =
                    "crossrole". Docker then runs docker-credential-crossrole, which finds the spec through
                    $CROSSROLE_CONFIG, else $XDG_CONFIG_HOME/crossrole/crossrole.yaml (~/.config/crossrole/...).
  logout            Remove the auths and credHelpers entries crossrole added (only while unchanged), nothing else.

Each subcommand's options: crossrole ecr SUBCOMMAND --help.
`;

const examples = `Examples:
  crossrole ecr login deploy
  crossrole ecr login deploy --registry-id 333333333333 --region us-east-1
  crossrole ecr login deploy --print-password | docker login --username AWS --password-stdin HOST
  crossrole ecr configure-helper && docker pull 111111111111.dkr.ecr.eu-west-1.amazonaws.com/app:1
  crossrole ecr logout
`;

/** The help of `ecr` alone, or of one subcommand (its options, from the option table). */
function usage(sub?: EcrCommand): string {
  if (sub === undefined) return `${overview}\n${examples}`;
  return `${overview}\nOptions of crossrole ${sub}:\n${renderOptionsHelp(sub)}\n\n${examples}`;
}

type EcrCommand = "ecr login" | "ecr configure-helper" | "ecr logout";

/** `crossrole ecr`: log in to target registries, configure the credential helper, log out. */
export async function runEcr(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    ctx.stdout.write(usage());
    return sub === undefined ? ExitCode.invalidInput : ExitCode.ok;
  }
  if (sub === "login") return runLogin(rest, ctx);
  if (sub === "configure-helper") return runConfigureHelper(rest, ctx);
  if (sub === "logout") return runLogout(rest, ctx);
  const near = suggestKey(sub, ["login", "configure-helper", "logout"]);
  throw new UsageError(
    `crossrole ecr: unknown subcommand "${sub}".${near ? ` Did you mean "${near}"?` : ""}`,
    {
      hint: "Use login, configure-helper or logout. Run: crossrole ecr --help",
    },
  );
}

// --- internal ---

declare const __CROSSROLE_VERSION__: string | undefined;
const VERSION = typeof __CROSSROLE_VERSION__ === "string" ? __CROSSROLE_VERSION__ : "dev";

async function runLogin(argv: string[], ctx: CliContext): Promise<number> {
  const parsed = parseSelection("ecr login", argv, ctx);
  if (parsed === "help") {
    ctx.stdout.write(usage("ecr login"));
    return ExitCode.ok;
  }
  const printPassword = parsed.values["print-password"] === true;
  const docker = parsed.values.docker === true;
  const json = parsed.values.json === true;
  if (printPassword && json) {
    throw new UsageError("crossrole ecr login: --print-password prints only the password; drop --json.", {
      hint: "--json names each registry and where its token went, never the token itself.",
    });
  }
  if (printPassword && docker) {
    throw new UsageError("crossrole ecr login: give --print-password or --docker, not both.");
  }
  if (printPassword && ctx.stdout.isTTY === true) {
    throw new UsageError(
      "crossrole ecr login --print-password: stdout is a terminal; the password is not shown.",
      {
        hint: "Pipe it: crossrole ecr login TARGET --print-password | docker login --username AWS --password-stdin HOST",
      },
    );
  }
  const { ecrLogin } = await import("../../workflows/ecr-login.js");
  const result = await ecrLogin({
    ...parsed.selection,
    write: printPassword || docker ? "none" : "config",
    dockerConfigPath: resolveDockerConfigPath(ctx.env, parsed.selection.assume.home),
  });
  const quiet = parsed.values.quiet === true;
  if (!quiet) for (const notice of result.notices) ctx.stderr.write(`crossrole: note: ${notice}\n`);
  if (printPassword) {
    const [login, ...more] = result.logins;
    if (login === undefined || more.length > 0) {
      throw new UsageError(
        `crossrole ecr login --print-password needs exactly one registry, got ${result.logins.length}.`,
        { hint: "Name one TARGET (and at most one --registry-id)." },
      );
    }
    ctx.stdout.write(`${login.password}\n`);
    return ExitCode.ok;
  }
  if (docker) {
    const { runDockerLogin } = await import("../../local/process/run-docker-login.js");
    for (const login of result.logins) {
      await runDockerLogin({
        host: login.host,
        username: login.username,
        password: login.password,
        env: ctx.env,
      });
      if (!json && !quiet)
        ctx.stdout.write(`Logged in to ${login.host} with docker login${describe(login)}\n`);
    }
    if (json) ctx.stdout.write(await ecrLoginJson("docker", undefined, result));
    return ExitCode.ok;
  }
  if (json) {
    ctx.stdout.write(await ecrLoginJson("config", result.dockerConfigPath, result));
    return ExitCode.ok;
  }
  if (quiet) return ExitCode.ok;
  for (const login of result.logins) {
    ctx.stdout.write(`Logged in to ${login.host}${describe(login)}\n`);
  }
  ctx.stdout.write(`Docker config: ${result.dockerConfigPath}\n`);
  return ExitCode.ok;
}

async function runConfigureHelper(argv: string[], ctx: CliContext): Promise<number> {
  const parsed = parseSelection("ecr configure-helper", argv, ctx);
  if (parsed === "help") {
    ctx.stdout.write(usage("ecr configure-helper"));
    return ExitCode.ok;
  }
  const [{ ecrConfigureHelper }, { resolveHelperSpecPath }] = await Promise.all([
    import("../../workflows/ecr-configure-helper.js"),
    import("../../workflows/docker-credential-target.js"),
  ]);
  const home = parsed.selection.assume.home;
  const dockerConfigPath = resolveDockerConfigPath(ctx.env, home);
  const result = await ecrConfigureHelper({
    ...parsed.selection,
    dockerConfigPath,
    helperSpecPath: resolveHelperSpecPath(ctx.env, home, ctx.cwd),
  });
  const quiet = parsed.values.quiet === true;
  if (!quiet) for (const notice of result.notices) ctx.stderr.write(`crossrole: note: ${notice}\n`);
  if (parsed.values.json === true) {
    const { renderEcrConfigureHelperJson } = await import("../../outputs/json/render-ecr-json.js");
    ctx.stdout.write(
      renderEcrConfigureHelperJson({
        dockerConfig: dockerConfigPath,
        hosts: result.hosts,
        notices: result.notices,
      }),
    );
    return ExitCode.ok;
  }
  if (quiet) return ExitCode.ok;
  for (const host of result.hosts) ctx.stdout.write(`${host} -> docker-credential-crossrole\n`);
  ctx.stdout.write(`Docker config: ${dockerConfigPath}\n`);
  return ExitCode.ok;
}

async function runLogout(argv: string[], ctx: CliContext): Promise<number> {
  const parsed = parseSelection("ecr logout", argv, ctx);
  if (parsed === "help") {
    ctx.stdout.write(usage("ecr logout"));
    return ExitCode.ok;
  }
  const wantsSelection =
    parsed.selection.targetNames.length > 0 ||
    parsed.selection.source.kind === "role" ||
    parsed.selection.registryIds.length > 0;
  const { ecrLogout } = await import("../../workflows/ecr-logout.js");
  const dockerConfigPath = resolveDockerConfigPath(ctx.env, parsed.selection.assume.home);
  const result = await ecrLogout({
    dockerConfigPath,
    selection: wantsSelection ? parsed.selection : undefined,
  });
  const quiet = parsed.values.quiet === true;
  if (!quiet) for (const notice of result.notices) ctx.stderr.write(`crossrole: note: ${notice}\n`);
  if (parsed.values.json === true) {
    const { renderEcrLogoutJson } = await import("../../outputs/json/render-ecr-json.js");
    ctx.stdout.write(
      renderEcrLogoutJson({
        dockerConfig: dockerConfigPath,
        removed: result.removed,
        notices: result.notices,
      }),
    );
    return ExitCode.ok;
  }
  if (quiet) return ExitCode.ok;
  for (const entry of result.removed) ctx.stdout.write(`Removed ${entry}\n`);
  if (result.removed.length === 0) ctx.stdout.write("Nothing removed.\n");
  return ExitCode.ok;
}

interface ParsedSelection<C extends EcrCommand> {
  selection: EcrRegistrySelection;
  values: CommandValues<C>;
}

/**
 * The flags every assuming command shares (the option table gives them, so -c, --role-arn, --region, TARGET and
 * --target mean what they mean for assume), with any number of targets.
 */
function parseSelection<C extends EcrCommand>(
  command: C,
  argv: string[],
  ctx: CliContext,
): ParsedSelection<C> | "help" {
  const parsed = parseAssumeSelection(command, argv, ctx, VERSION);
  if (parsed.help) return "help";
  if (parsed.specNotice !== undefined) ctx.stderr.write(parsed.specNotice);
  const values = parsed.values as CommandValues<"ecr logout">;
  return {
    selection: {
      assume: parsed.options,
      source: parsed.source,
      targetNames: parsed.targetNames,
      registryIds: values["registry-id"] ?? [],
      region: values.region,
      version: VERSION,
    },
    values: parsed.values,
  };
}

/** `ecr login --json`'s document; its renderer is loaded only when asked for. */
async function ecrLoginJson(
  via: "config" | "docker",
  dockerConfig: string | undefined,
  result: { logins: readonly EcrLoginView[]; notices: readonly string[] },
): Promise<string> {
  const { renderEcrLoginJson } = await import("../../outputs/json/render-ecr-json.js");
  return renderEcrLoginJson({ via, dockerConfig, logins: result.logins, notices: result.notices });
}

function describe(login: { target?: string; expiresAt: Date; fromCache: boolean }): string {
  const parts = [
    login.target === undefined ? undefined : `target ${login.target}`,
    `token valid until ${formatExpiration(login.expiresAt)}`,
    login.fromCache ? "from the cache" : undefined,
  ].filter((p) => p !== undefined);
  return ` (${parts.join(", ")})`;
}
