import { UsageError } from "../../core/errors.js";
import { renderDiffMarkdown } from "../../outputs/pictures/render-diff-markdown.js";
import { renderDiffJson, renderDiffText } from "../../outputs/render-diff.js";
import { diffAccessLive } from "../../workflows/diff-access-live.js";
import { fleetAdminHelp, parseConcurrency, parseSide } from "../access-command-options.js";
import { checkProfileFlags } from "../check-profile-flags.js";
import type { CliContext } from "../cli-context.js";
import { checkCommentFile, writeCommentFile } from "../comment-file.js";
import { connectAwsSidesFromFlags } from "../connect-aws-sides.js";
import { ExitCode } from "../exit-codes.js";
import { optionTable } from "../options/option-table.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { errorsExitCode } from "../outcomes-exit-code.js";
import { outputStyle } from "../output-style.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { specFileFor } from "../spec-in-use.js";
import { targetNames } from "../target-args.js";

const usage = `Usage: crossrole diff [TARGET]... [-c FILE] [--target NAME]... [--side target|build|all]
                      [--format text|json|markdown] [--json] [--comment-file FILE]

Compares live IAM state with the spec, semantically (read-only): per trust statement the principals, ExternalId
values and conditions; actions and resources of the permission policy; extra or missing statements;
MaxSessionDuration, description, crossrole's tags, managed-policy attachments, the BUILD grant; and trust
principals shown as raw unique IDs (AROA…/AIDA…: the BUILD principal was deleted and re-created).

Options:
${renderOptionsHelp("diff")}

A multi-account target (accounts:) is diffed in each of its accounts, named GROUP-ACCOUNT; --target GROUP
selects them all. ${fleetAdminHelp}

Exit codes: 0 live equals the spec, 4 drift (crossrole apply repairs it), 3 AWS refused a read or a credential
is in the wrong account, 6 AWS failed otherwise, 2 invalid input.
`;

/** `crossrole diff`: live IAM state vs the spec; exit 4 on drift. */
export async function runDiff(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("diff", argv);
  if (values.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  await checkProfileFlags("diff", values, ctx);
  const format = parseDiffFormat(values.format, values.json === true);
  const commentFile = values["comment-file"];
  if (commentFile !== undefined) checkCommentFile("diff", commentFile, format);
  const file = specFileFor(ctx, values);
  const result = await diffAccessLive({
    file,
    targets: targetNames(positionals, values.target),
    side: parseSide("diff", values.side),
    concurrency: parseConcurrency("diff", values.concurrency),
    connect: connectAwsSidesFromFlags(values),
  });
  if (format === "json") ctx.stdout.write(renderDiffJson(result.preview, result.drift));
  else if (format === "markdown") {
    const comment = renderDiffMarkdown(result.preview, result.drift);
    if (commentFile === undefined) ctx.stdout.write(comment);
    else await writeCommentFile(ctx, commentFile, comment);
  } else {
    const style = outputStyle(ctx, values);
    if (values.quiet !== true) {
      ctx.stdout.write(renderDiffText(result.preview, { style }));
      if (result.failures.length > 0)
        ctx.stdout.write(`could not read ${result.failures.map((f) => f.part).join(", ")}: see above.\n`);
    } else {
      for (const f of result.failures) {
        ctx.stdout.write(`${style.bad("could not read")} ${f.part}: ${f.error.message.split("\n")[0]}\n`);
      }
    }
    ctx.stdout.write(
      result.drift
        ? `${style.warn("drift")}: live IAM state differs from the spec (${result.drifting.join(", ")}); crossrole apply repairs it.\n`
        : result.failures.length > 0
          ? ""
          : `${style.good("no drift")}: live IAM state matches the spec.\n`,
    );
  }
  if (result.failures.length > 0) return errorsExitCode(result.failures.map((f) => f.error));
  return result.drift ? ExitCode.verificationFailed : ExitCode.ok;
}

// --- internal ---

/** The formats --format accepts: the option table lists them (help and completion show the same). */
const formats = optionTable["diff-format"].complete;

/** `--format`, with `--json` kept as its older spelling of `--format json`. */
function parseDiffFormat(value: string | undefined, json: boolean): (typeof formats)[number] {
  const found = value === undefined ? (json ? "json" : "text") : formats.find((f) => f === value);
  if (found === undefined) {
    throw new UsageError(`crossrole diff: unknown --format "${value}". Accepted: ${formats.join(", ")}.`);
  }
  if (json && found !== "json") {
    throw new UsageError(`crossrole diff: --json and --format ${found} ask for two formats.`, {
      hint: "Give one: --format json (or --json), --format text or --format markdown.",
    });
  }
  return found;
}
