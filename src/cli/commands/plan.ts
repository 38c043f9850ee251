import { relative, resolve } from "node:path";
import { UsageError } from "../../core/errors.js";
import { accessGraph } from "../../outputs/pictures/access-graph.js";
import { renderPlanDot } from "../../outputs/pictures/render-plan-dot.js";
import { renderPlanMarkdown } from "../../outputs/pictures/render-plan-markdown.js";
import { renderCloudFormation } from "../../outputs/render-cloudformation.js";
import { renderPlanJson } from "../../outputs/render-plan-json.js";
import { renderPlanText } from "../../outputs/render-plan-text.js";
import { renderTerraform } from "../../outputs/render-terraform.js";
import { plainStyle, type Style } from "../../outputs/style.js";
import type { OutputFile } from "../../outputs/write-output-files.js";
import { planAccess } from "../../workflows/plan-access.js";
import type { CliContext } from "../cli-context.js";
import { checkCommentFile, writeCommentFile } from "../comment-file.js";
import { ExitCode } from "../exit-codes.js";
import { optionTable } from "../options/option-table.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { outputStyle } from "../output-style.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { specFileFor } from "../spec-in-use.js";
import { targetNames } from "../target-args.js";

const usage = `Usage: crossrole plan [TARGET]... [-c FILE] [--target NAME]... [--format text|json|markdown|dot|cloudformation|terraform]
                     [--json] [--out DIR] [--comment-file FILE]

Shows, without any AWS call, the IAM documents each account needs, and the security lint's findings:
  - per target: the role's trust policy (BUILD principal + sts:ExternalId), its least-privilege
    permission policy, managed policies and tags;
  - for the BUILD account: the grant (sts:AssumeRole on exactly the targets' role ARNs).

Options:
${renderOptionsHelp("plan")}

Examples:
  crossrole plan
  crossrole plan --format json | jq '.targets[0].trustPolicy'
  crossrole plan --format cloudformation --out infra/
  crossrole plan --format markdown --comment-file plan-comment.md
  crossrole plan --format dot | dot -Tsvg > access.svg
`;

/** The formats --format accepts: the option table lists them (help and completion show the same). */
const formats = optionTable["plan-format"].complete;
type PlanFormat = (typeof formats)[number];

/** `crossrole plan`: offline IAM documents for each account, in the chosen format. */
export async function runPlan(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("plan", argv);
  if (values.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  if (values.json === true && values.format !== undefined && values.format !== "json") {
    throw new UsageError(
      `crossrole plan: --json is --format json; it cannot go with --format ${values.format}.`,
    );
  }
  const format = parseFormat(values.format ?? (values.json === true ? "json" : "text"));
  if (values.out === "-" || values.out === "") {
    throw new UsageError(
      `crossrole plan: --out takes a directory${values.out === "" ? "; it is empty" : '; "-" (stdout) is not one'}.`,
      {
        hint: "Leave --out out to print to stdout (text and json), or name a directory: --out infra/.",
      },
    );
  }
  const commentFile = values["comment-file"];
  if (commentFile !== undefined) checkCommentFile("plan", commentFile, format, values.out);
  const file = specFileFor(ctx, values);
  const { plan, findings, acknowledged } = await planAccess({
    file,
    targets: targetNames(positionals, values.target),
    region: values.region,
  });

  const outDir =
    values.out ?? (format === "cloudformation" || format === "terraform" ? "crossrole-plan" : undefined);
  // Colour only for the text plan on stdout: never in a file.
  const files = renderFiles(
    format,
    plan,
    findings,
    outDir === undefined ? outputStyle(ctx, values) : plainStyle,
    acknowledged.length,
  );
  if (commentFile !== undefined) {
    await writeCommentFile(ctx, commentFile, files[0]?.content ?? "");
  } else if (outDir === undefined) {
    for (const f of files) ctx.stdout.write(f.content);
  } else {
    // Loaded here: the writer loads node:crypto and fs/promises, which a plan printed to stdout never needs.
    const { writeOutputFiles } = await import("../../outputs/write-output-files.js");
    const written = await writeOutputFiles(resolve(ctx.cwd, outDir), files);
    // With JSON asked for, stdout holds a JSON document or nothing: the document is in the file.
    const notes = format === "json" ? ctx.stderr : ctx.stdout;
    if (values.quiet !== true) {
      for (const path of written) notes.write(`wrote ${relative(ctx.cwd, path) || path}\n`);
    }
  }
  const errors = findings.filter((f) => f.severity === "error").length;
  if (errors > 0 && format !== "text") {
    ctx.stderr.write(`crossrole: the plan has ${errors} lint error(s); run crossrole lint for details.\n`);
  }
  return ExitCode.ok;
}

// --- internal ---

function parseFormat(value: string | undefined): PlanFormat {
  const found = formats.find((f) => f === value);
  if (found === undefined) {
    throw new UsageError(`crossrole plan: unknown --format "${value}". Accepted: ${formats.join(", ")}.`);
  }
  return found;
}

function renderFiles(
  format: PlanFormat,
  plan: Parameters<typeof renderPlanText>[0],
  findings: Parameters<typeof renderPlanText>[1],
  style: Style,
  acknowledged: number,
): OutputFile[] {
  switch (format) {
    case "text":
      return [{ path: "plan.txt", content: renderPlanText(plan, findings, style, acknowledged) }];
    case "json":
      return [{ path: "plan.json", content: renderPlanJson(plan, findings) }];
    case "markdown":
      return [{ path: "plan.md", content: renderPlanMarkdown(plan, findings) }];
    case "dot":
      return [{ path: "plan.dot", content: renderPlanDot(accessGraph(plan)) }];
    case "cloudformation":
      return renderCloudFormation(plan);
    case "terraform":
      return renderTerraform(plan);
  }
}
