import { renderDestroyJson } from "../../outputs/json/render-destroy-json.js";
import { renderDestroyPreview } from "../../outputs/render-destroy-preview.js";
import { renderRunReport } from "../../outputs/render-run-report.js";
import { destroyAccess } from "../../workflows/destroy-access.js";
import { parseConcurrency, parseSide } from "../access-command-options.js";
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

const usage = `Usage: crossrole destroy [TARGET]... [-c FILE] [--target NAME]... [--side target|build|all] [--dry-run] [--yes] [--json]

Removes what crossrole created, and nothing else:
  - on each target role tagged managed-by=crossrole: the inline policy crossrole-permissions, the managed
    policies the spec lists, then the role (kept, with the reason, if something crossrole did not put there
    remains on it). A role without the tag is not touched.
  - on the BUILD principal: the grant crossrole-assume-targets (narrowed to the remaining targets when only
    some are destroyed). The BUILD user or role itself is kept.

Options:
${renderOptionsHelp("destroy")}

Exit codes: 0 done (or nothing to remove), 2 invalid input or declined, 3 AWS refused or 6 AWS failed
(DeleteConflict: something crossrole did not create is attached) for at least one part.
`;

/** `crossrole destroy`: remove what crossrole created. */
export async function runDestroy(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("destroy", argv);
  if (values.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  await checkProfileFlags("destroy", values, ctx);
  const json = values.json === true;
  // With the JSON document on stdout, the preview and progress go to stderr.
  const out = json ? ctx.stderr : ctx.stdout;
  const style = outputStyle(ctx, values, out);
  const quiet = values.quiet === true;
  const file = specFileFor(ctx, values);
  let progress: ReturnType<typeof createProgressReporter> | undefined;
  const result = await destroyAccess({
    file,
    targets: targetNames(positionals, values.target),
    side: parseSide("destroy", values.side),
    concurrency: parseConcurrency("destroy", values.concurrency),
    connect: connectAwsSidesFromFlags(values),
    dryRun: values["dry-run"] === true,
    confirm: async (preview) => {
      // The preview is what a question asks about: --quiet leaves it out only when nothing is asked.
      if (!quiet || values.yes !== true) out.write(renderDestroyPreview(preview, style));
      progress = createProgressReporter(
        out,
        [...preview.targets.map((t) => t.state.plan.name), ...(preview.build ? ["BUILD"] : [])],
        { style, quiet, full: { verb: "removed" } },
      );
      return confirmOrRefuse(ctx, {
        command: "destroy",
        yes: values.yes === true,
        question: `Make these ${preview.totalCalls} IAM deletion(s)?`,
        dryRun: true,
      });
    },
    onProgress: (event) => progress?.onProgress(event),
  });
  progress?.end();
  if (json) {
    ctx.stdout.write(renderDestroyJson(result, { dryRun: values["dry-run"] === true }));
    reportBugs(
      ctx,
      result.outcomes.map((o) => o.error),
    );
    if (!result.executed && values["dry-run"] !== true && result.preview.totalCalls > 0)
      return ExitCode.invalidInput;
    return outcomesExitCode(
      result.executed ? result.outcomes : result.outcomes.filter((o) => o.status !== "not-attempted"),
    );
  }
  if (!result.executed) {
    if (values["dry-run"] === true || result.preview.totalCalls === 0) {
      if (!quiet) out.write(renderDestroyPreview(result.preview, style));
      out.write(
        result.preview.totalCalls === 0
          ? "nothing to remove.\n"
          : `dry run: ${result.preview.totalCalls} IAM call(s) planned, nothing removed.\n`,
      );
      return outcomesExitCode(result.outcomes.filter((o) => o.status !== "not-attempted"));
    }
    out.write("declined: nothing was removed.\n");
    return ExitCode.invalidInput;
  }
  out.write(
    renderRunReport(result.outcomes, result.writeCalls, {
      verb: "removed",
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
