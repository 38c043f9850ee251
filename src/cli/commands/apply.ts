import { resolve } from "node:path";
import { UsageError } from "../../core/errors.js";
import type { AccessKey } from "../../core/ports/iam-port.js";
import { renderApplyJson } from "../../outputs/json/render-apply-json.js";
import { renderDiffText } from "../../outputs/render-diff.js";
import { renderRunReport } from "../../outputs/render-run-report.js";
import {
  checkAccessKeyPath,
  renderAccessKeyJson,
  writeAccessKeyFile,
} from "../../outputs/write-access-key.js";
import { applyAccess } from "../../workflows/apply-access.js";
import { fleetAdminHelp, parseConcurrency, parseSide } from "../access-command-options.js";
import { checkProfileFlags } from "../check-profile-flags.js";
import type { CliContext } from "../cli-context.js";
import { confirmOrRefuse } from "../confirm-or-refuse.js";
import { connectAwsSidesFromFlags } from "../connect-aws-sides.js";
import { ExitCode } from "../exit-codes.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { outcomesExitCode } from "../outcomes-exit-code.js";
import { outputStyle } from "../output-style.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { createProgressReporter } from "../progress-reporter.js";
import { reportBugs } from "../report-bugs.js";
import { specFileFor } from "../spec-in-use.js";
import { targetNames } from "../target-args.js";

const usage = `Usage: crossrole apply [TARGET]... [-c FILE] [--target NAME]... [--side target|build|all] [--dry-run] [--yes] [--json]
                       [--adopt] [--create-build-user --key-out FILE|-] [--target-profile P] [--build-profile P]

Creates or updates, from the spec, each target account's role (trust policy naming the BUILD principal with
sts:ExternalId, permissions, MaxSessionDuration, tags) and the BUILD principal's grant (sts:AssumeRole on exactly
the target roles). Before writing: checks each credential is in the spec's account, reads live state, shows a
semantic diff and asks for confirmation (on a terminal; elsewhere --yes is required). Then makes the minimum IAM
calls: targets first (in parallel), then BUILD. Nothing to change: "no changes" and zero write calls.

crossrole only changes what it owns: roles tagged managed-by=crossrole, the inline policies
crossrole-permissions (role) and crossrole-assume-targets (BUILD principal), the role's managed-policy
attachments, and the managed policies /crossrole/crossrole-assume-targets-N that hold the BUILD grant when it is
over the principal's inline quota (2,048 characters for a user, 10,240 for a role). An existing role without the
tag is refused unless you pass --adopt.

A multi-account target (accounts:) is applied in each of its accounts (GROUP-ACCOUNT; --target GROUP selects them
all). ${fleetAdminHelp}

Options:
${renderOptionsHelp("apply")}

Exit codes: 0 applied (or nothing to change), 2 invalid input, declined, or a role crossrole does not manage
(--adopt), 3 AWS refused (AccessDenied, wrong account) or 6 AWS failed otherwise (missing BUILD principal, a
conflict, an AWS error) for at least one part (the report says what was and was not applied), 5 AWS unreachable.

Examples:
  crossrole apply --dry-run
  crossrole apply --target-profile target-admin --build-profile build-admin --yes
  crossrole apply --side target --target ourthing --yes
  crossrole apply --create-build-user --key-out ci-key.json --yes
`;

/** `crossrole apply`: provision the target roles and the BUILD grant after a reviewable diff. */
export async function runApply(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("apply", argv);
  if (values.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  await checkProfileFlags("apply", values, ctx);
  const side = parseSide("apply", values.side);
  const concurrency = parseConcurrency("apply", values.concurrency);
  const keyOut = values["key-out"];
  const createBuildUser = values["create-build-user"] === true;
  if (createBuildUser && keyOut === undefined) {
    throw new UsageError("crossrole apply: --create-build-user needs --key-out FILE (or - for stdout).", {
      hint: "IAM shows a new secret access key only once; crossrole will not create one it cannot hand over.",
    });
  }
  if (keyOut !== undefined && !createBuildUser) {
    throw new UsageError("crossrole apply: --key-out is only used with --create-build-user.");
  }
  if (createBuildUser && side === "target") {
    throw new UsageError("crossrole apply: --create-build-user works on the BUILD side; drop --side target.");
  }
  if (keyOut === "-" && ctx.stdout.isTTY === true) {
    throw new UsageError("crossrole apply: --key-out - refuses to print a secret key to a terminal.", {
      hint: "Redirect stdout (--key-out - > key.json) or give a file: --key-out ci-key.json.",
    });
  }
  const json = values.json === true;
  if (json && keyOut === "-") {
    throw new UsageError("crossrole apply: --json and --key-out - both want stdout.", {
      hint: "Give the key a file: --key-out ci-key.json (the document names it, never the secret).",
    });
  }
  const keyPath = keyOut === undefined || keyOut === "-" ? undefined : resolve(ctx.cwd, keyOut);
  if (keyPath !== undefined) await checkAccessKeyPath(keyPath);
  // With the key or the JSON document on stdout, everything else goes to stderr.
  const out = keyOut === "-" || json ? ctx.stderr : ctx.stdout;
  const style = outputStyle(ctx, values, out);
  const quiet = values.quiet === true;
  let accessKey: { userName: string; accessKeyId: string; writtenTo: string } | undefined;

  const file = specFileFor(ctx, values);
  const connect = connectAwsSidesFromFlags(values);
  let progress: ReturnType<typeof createProgressReporter> | undefined;
  const result = await applyAccess({
    file,
    targets: targetNames(positionals, values.target),
    side,
    connect,
    concurrency,
    adopt: values.adopt === true,
    createBuildUser,
    dryRun: values["dry-run"] === true,
    confirm: async (preview) => {
      // The preview is what a question asks about: --quiet leaves it out only when nothing is asked.
      if (!quiet || values.yes !== true) out.write(renderDiffText(preview, { showCalls: true, style }));
      const parts = [...preview.targets.map((t) => t.state.plan.name), ...(preview.build ? ["BUILD"] : [])];
      progress = createProgressReporter(out, parts, { style, quiet, full: { verb: "applied" } });
      return confirmOrRefuse(ctx, {
        command: "apply",
        yes: values.yes === true,
        question: `Apply ${preview.totalCalls} IAM change(s)?`,
        dryRun: true,
      });
    },
    onAccessKey: async (key: AccessKey & { userName: string }) => {
      if (keyPath !== undefined) {
        await writeAccessKeyFile(keyPath, key);
        accessKey = { userName: key.userName, accessKeyId: key.accessKeyId, writtenTo: keyPath };
        if (!quiet) out.write(`wrote the access key of ${key.userName} to ${keyPath} (mode 0600)\n`);
      } else ctx.stdout.write(renderAccessKeyJson(key));
    },
    onProgress: (event) => progress?.onProgress(event),
  });
  progress?.end();

  if (json) {
    ctx.stdout.write(
      renderApplyJson(result, {
        dryRun: values["dry-run"] === true,
        ...(accessKey === undefined ? {} : { accessKey }),
      }),
    );
    reportBugs(
      ctx,
      result.outcomes.map((o) => o.error),
    );
    if (values["dry-run"] === true)
      return outcomesExitCode(result.outcomes.filter((o) => o.status !== "not-attempted"));
    if (result.preview.totalCalls > 0 && !result.executed) return ExitCode.invalidInput;
    return outcomesExitCode(result.outcomes);
  }
  if (values["dry-run"] === true) {
    if (!quiet) out.write(renderDiffText(result.preview, { showCalls: true, style }));
    out.write(
      result.preview.totalCalls === 0
        ? "no changes.\n"
        : `dry run: ${result.preview.totalCalls} IAM change(s) planned, nothing written.\n`,
    );
    return outcomesExitCode(result.outcomes.filter((o) => o.status !== "not-attempted"));
  }
  if (result.preview.totalCalls === 0) {
    const problems = result.outcomes.filter((o) => o.error !== undefined);
    if (problems.length > 0) {
      if (!quiet) out.write(renderDiffText(result.preview, { style }));
      out.write(renderRunReport(result.outcomes, 0, { style, problemsOnly: quiet }));
      return outcomesExitCode(result.outcomes);
    }
    out.write("no changes: live IAM state matches the spec (0 IAM write calls).\n");
    return ExitCode.ok;
  }
  if (!result.executed) {
    out.write("declined: nothing was written.\n");
    return ExitCode.invalidInput;
  }
  out.write(
    renderRunReport(result.outcomes, result.writeCalls, {
      style,
      problemsOnly: quiet,
      ...(progress === undefined ? {} : { omit: progress.reported }),
    }),
  );
  reportBugs(
    ctx,
    result.outcomes.map((o) => o.error),
  );
  return outcomesExitCode(result.outcomes);
}
