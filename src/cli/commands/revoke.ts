import { createEcrProbe } from "../../aws/ecr-probe.js";
import { type CrossroleError, UsageError } from "../../core/errors.js";
import { resolveCredentialCacheDir } from "../../local/cache/credential-cache.js";
import { resolveHomeDir } from "../../local/fs/resolve-home-dir.js";
import { renderRevokeJson } from "../../outputs/json/render-revoke-json.js";
import type { Style } from "../../outputs/style.js";
import { type RevokeResult, revokeSessions } from "../../workflows/revoke-sessions.js";
import { fleetAdminHelp, parseConcurrency } from "../access-command-options.js";
import { checkProfileFlags } from "../check-profile-flags.js";
import type { CliContext } from "../cli-context.js";
import { confirmOrRefuse } from "../confirm-or-refuse.js";
import { connectAccessKeys } from "../connect-access-keys.js";
import { connectAwsSidesFromFlags } from "../connect-aws-sides.js";
import { availableBuildSts } from "../create-verify-ports.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { errorsExitCode } from "../outcomes-exit-code.js";
import { outputStyle } from "../output-style.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { createProgressReporter } from "../progress-reporter.js";
import { readSpecRegion } from "../read-spec-region.js";
import { reportBugs } from "../report-bugs.js";
import { specFileFor } from "../spec-in-use.js";
import { targetNames } from "../target-args.js";

const usage = `Usage: crossrole revoke (TARGET... | --target NAME... | --all) [--yes] [--disable-build-keys] [--json] [-c FILE]
                        [--target-profile P] [--build-profile P] [--source-profile P]

Revokes every active session of the target roles, as the AWS console's "Revoke active sessions" does: puts the
inline policy AWSRevokeOlderSessions (Deny * on * for sessions issued before now; running it again refreshes the
time) with the target admin credentials, and reads it back. Sessions issued afterwards work as before.

When the BUILD credentials are available (default chain or --source-profile) it proves it: a session assumed
before the revoke is refused ecr:GetAuthorizationToken afterwards, a new one is not. AWS can take minutes to
propagate the policy. It then clears crossrole's cached sessions and ECR tokens for those roles.

Revocation does NOT touch long-term access keys of IAM users (aws:TokenIssueTime exists only for temporary
credentials): a leaked BUILD user key still assumes the roles. --disable-build-keys also deactivates the BUILD
user's access keys (with the BUILD admin credentials); rotate them afterwards (crossrole rotate build-key).

TARGET may name a multi-account target (accounts:): every account of it is revoked (GROUP-ACCOUNT names one).
${fleetAdminHelp}

Options:
${renderOptionsHelp("revoke")}

Exit codes: 0 revoked (and proven when possible), 4 the proof failed, 3 AWS refused, 6 AWS failed otherwise, 2 invalid input or declined.
`;

/** `crossrole revoke`: cut off every session issued so far on the target roles. */
export async function runRevoke(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("revoke", argv);
  if (values.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  await checkProfileFlags("revoke", values, ctx);
  const targets = targetNames(positionals, values.target);
  if ((values.all === true) === targets.length > 0) {
    throw new UsageError("crossrole revoke: name the targets to revoke, or pass --all (not both).", {
      hint: "Run: crossrole revoke --help",
    });
  }
  const quiet = values.quiet === true;
  const endpoint = values["endpoint-url"];
  const file = specFileFor(ctx, values);
  const probeOptions = {
    env: ctx.env,
    sourceProfile: values["source-profile"],
    endpoint,
    region: values.region,
    specRegion: await readSpecRegion(file),
  };
  const buildSts = values["no-proof"] === true ? undefined : await availableBuildSts(probeOptions);
  const connectKeys = connectAccessKeys({
    buildProfile: values["build-profile"],
    endpoint,
    region: values.region,
  });
  let progress: ReturnType<typeof createProgressReporter> | undefined;
  const result = await revokeSessions({
    file,
    targets,
    disableBuildKeys: values["disable-build-keys"] === true,
    cacheDir: resolveCredentialCacheDir(ctx.env, resolveHomeDir(ctx.env)),
    concurrency: parseConcurrency("revoke", values.concurrency),
    ports: {
      connect: connectAwsSidesFromFlags(values),
      buildSts,
      sessionEcr: (credentials, region) => createEcrProbe({ region, endpoint, credentials }),
      accessKeys: async (request) => (await connectKeys(request)).keys,
    },
    onProgress: (event) => progress?.onProgress(event),
    confirm: async (targets) => {
      if (!quiet || values.yes !== true) {
        ctx.stderr.write(
          `Revoke every active session of ${targets.map((t) => `${t.name} (${t.roleArn})`).join(", ")}.\n`,
        );
      }
      progress = createProgressReporter(
        ctx.stderr,
        targets.map((t) => t.name),
        { style: outputStyle(ctx, values, ctx.stderr), quiet },
      );
      return confirmOrRefuse(ctx, { command: "revoke", yes: values.yes === true, question: "Revoke now?" });
    },
  });
  progress?.end();
  if (values.json === true) {
    if (result.executed && buildSts === undefined && values["no-proof"] !== true) {
      ctx.stderr.write("crossrole: note: no usable BUILD credentials, so the revocation was not proven.\n");
    }
    const code = result.executed ? revokeExitCode(result) : ExitCode.invalidInput;
    ctx.stdout.write(renderRevokeJson(result, result.executed && code === ExitCode.ok));
    reportBugs(ctx, revokeErrors(result));
    return code;
  }
  if (!result.executed) {
    ctx.stdout.write("declined: nothing was changed.\n");
    return ExitCode.invalidInput;
  }
  if (buildSts === undefined && values["no-proof"] !== true && !quiet) {
    ctx.stderr.write("crossrole: note: no usable BUILD credentials, so the revocation was not proven.\n");
  }
  ctx.stdout.write(renderRevoke(result, outputStyle(ctx, values), quiet));
  reportBugs(ctx, revokeErrors(result));
  return revokeExitCode(result);
}

// --- internal ---

/** The revoke report; `quiet` keeps the failures and the summary line. */
function renderRevoke(result: RevokeResult, style: Style, quiet: boolean): string {
  const lines: string[] = [];
  const width = Math.max(6, ...result.targets.map((t) => t.name.length));
  for (const t of result.targets) {
    if (t.status === "failed") {
      lines.push(`${style.bad("FAIL")}  ${t.name.padEnd(width)}  ${t.error?.message ?? "failed"}`);
      if (t.error?.hint !== undefined) lines.push(`      ${" ".repeat(width)}  hint: ${t.error.hint}`);
      continue;
    }
    if (quiet) continue;
    const what = t.refreshed === true ? "refreshed" : "added";
    lines.push(
      `${style.good("ok")}    ${t.name.padEnd(width)}  ${t.roleArn}: AWSRevokeOlderSessions ${what}, sessions issued before ${t.cutoff} are denied${t.confirmed === true ? " (read back)" : " (NOT confirmed on read-back)"}`,
    );
    if (t.proof !== undefined) lines.push(`      ${" ".repeat(width)}  proof: ${t.proof.detail}`);
  }
  const keys = result.buildKeys;
  if (keys !== undefined) {
    if (keys.error !== undefined) lines.push(`${style.bad("FAIL")}  BUILD keys: ${keys.error.message}`);
    else if (quiet) {
      // the summary line says it
    } else if (keys.note !== undefined) lines.push(`${style.dim("note")}  BUILD keys: ${keys.note}`);
    else {
      lines.push(
        `${style.good("ok")}    BUILD keys of ${keys.principalArn}: ${keys.deactivated.length === 0 ? "none active" : `deactivated ${keys.deactivated.join(", ")}`}${keys.alreadyInactive.length > 0 ? `; already inactive: ${keys.alreadyInactive.join(", ")}` : ""}. Create a new one with: crossrole rotate build-key`,
      );
    }
  } else if (!quiet) {
    lines.push(
      `${style.dim("note")}  long-term access keys are not affected by a revoke: a BUILD user's key still works; add --disable-build-keys to deactivate them.`,
    );
  }
  if (result.cleared !== undefined && !quiet) {
    lines.push(
      `      cleared ${result.cleared.sessions} cached session(s) and ${result.cleared.ecrTokens} ECR token(s); the aws CLI keeps its own cache in ~/.aws/cli/cache.`,
    );
  }
  const failed = result.targets.filter((t) => t.status === "failed").map((t) => t.name);
  lines.push(
    `summary: ${result.targets.length - failed.length} of ${result.targets.length} target(s) revoked${failed.length > 0 ? `; failed: ${failed.join(", ")}` : ""}.`,
  );
  return `${lines.join("\n")}\n`;
}

function revokeErrors(result: RevokeResult): CrossroleError[] {
  const errors = result.targets.flatMap((t) => (t.error === undefined ? [] : [t.error]));
  if (result.buildKeys?.error !== undefined) errors.push(result.buildKeys.error);
  return errors;
}

function revokeExitCode(result: RevokeResult): ExitCodeValue {
  const errors = revokeErrors(result);
  if (errors.length > 0) return errorsExitCode(errors);
  const unproven = result.targets.some(
    (t) =>
      t.confirmed !== true || t.proof?.oldSession === "still-allowed" || t.proof?.newSession === "refused",
  );
  return unproven ? ExitCode.verificationFailed : ExitCode.ok;
}
