import { renderLintJson, renderLintText } from "../../outputs/render-lint.js";
import { planAccess } from "../../workflows/plan-access.js";
import type { CliContext } from "../cli-context.js";
import { ExitCode } from "../exit-codes.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { outputStyle } from "../output-style.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { specFileFor } from "../spec-in-use.js";
import { targetNames } from "../target-args.js";

const usage = `Usage: crossrole lint [TARGET]... [-c FILE] [--target NAME]... [--json] [--strict]

Reviews the planned access for security problems, offline: wildcard or account-root principals,
a missing or weak sts:ExternalId condition, an ExternalId that is short, guessable or reused
across targets, a BUILD grant wider than the target roles, '*' resources, IAM write actions or
onward sts:AssumeRole in a role's permissions, session durations out of bounds, trust policies
over IAM's 2,048-character quota.

Each finding has an id, a severity (error, warning, info), the target, a message and a fix.
Findings the spec acknowledges (lint: { ignore: [ID] }, or { rule: ID, reason: ... } for a rule that can
report errors; at the top or in a target) are counted, not shown, and do not fail.

Options:
${renderOptionsHelp("lint")}

Exit: 0 no errors, 4 at least one error (or warning with --strict), 2 invalid spec.

Example:
  crossrole lint --json | jq '.findings[] | select(.severity == "error")'
`;

/** `crossrole lint`: the security review alone; exit 4 when it finds errors. */
export async function runLint(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("lint", argv);
  if (values.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  const file = specFileFor(ctx, values);
  const { findings, acknowledged } = await planAccess({
    file,
    targets: targetNames(positionals, values.target),
  });
  const failing = findings.filter(
    (f) => f.severity === "error" || (values.strict && f.severity === "warning"),
  );
  ctx.stdout.write(
    values.json
      ? renderLintJson(findings)
      : renderLintText(findings, {
          style: outputStyle(ctx, values),
          acknowledged: acknowledged.length,
          ...(values.quiet === true ? { shown: failing } : {}),
        }),
  );
  return failing.length > 0 ? ExitCode.verificationFailed : ExitCode.ok;
}
