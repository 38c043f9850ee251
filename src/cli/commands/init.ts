import { randomBytes } from "node:crypto";
import { isAbsolute, join, relative } from "node:path";
import { UsageError } from "../../core/errors.js";
import { renderInitJson } from "../../outputs/json/render-init-json.js";
import { initSpec } from "../../workflows/init-spec.js";
import type { CliContext } from "../cli-context.js";
import { ExitCode } from "../exit-codes.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { outputStyle } from "../output-style.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { rejectPositionals } from "../target-args.js";

const usage = `Usage: crossrole init --build-account ID --build-principal P --target NAME=ACCOUNT... [options]

Writes a starter access spec with one high-entropy ExternalId per target (crypto RNG, 40
characters), ready for crossrole plan and crossrole lint. Refuses to overwrite without --force.

Options:
${renderOptionsHelp("init")}

Example:
  crossrole init --build-account 222222222222 --build-principal user/ci-builder \\
    --target ourthing=111111111111 --role OurThingBuildRole --region eu-west-1
`;

/** `crossrole init`: a starter spec from flags, with generated ExternalIds. */
export async function runInit(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("init", argv);
  if (values.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  rejectPositionals("init", positionals);
  const region = values.region ?? ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION;
  const missing = [
    values["build-account"] === undefined ? "--build-account ID" : undefined,
    values["build-principal"] === undefined ? "--build-principal P" : undefined,
    values.target === undefined ? "--target NAME=ACCOUNT" : undefined,
    region === undefined ? "--region REGION (or set AWS_REGION)" : undefined,
  ].filter((m) => m !== undefined);
  if (missing.length > 0) {
    throw new UsageError(`crossrole init: missing ${missing.join(", ")}.`, {
      hint: "Run: crossrole init --help",
    });
  }
  const out = values.out ?? "crossrole.yaml";
  const targets = (values.target ?? []).map(parseTargetFlag);
  const result = await initSpec(
    {
      file: isAbsolute(out) ? out : join(ctx.cwd, out),
      force: values.force === true,
      region: region as string,
      buildAccount: values["build-account"] as string,
      buildPrincipal: values["build-principal"] as string,
      targets,
      role: values.role ?? "CrossroleBuildRole",
      name: values.name,
      version: VERSION,
    },
    { randomBytes: (n) => randomBytes(n) },
  );
  if (values.json === true) {
    ctx.stdout.write(renderInitJson({ file: result.file, name: result.name, targets }));
    return ExitCode.ok;
  }
  const shown = relative(ctx.cwd, result.file) || result.file;
  const names = result.targets.map((t) => t.name).join(", ");
  if (values.quiet === true) return ExitCode.ok;
  const style = outputStyle(ctx, values);
  ctx.stdout.write(
    `${style.good("wrote")} ${shown} (spec ${result.name}; ${result.targets.length} target${result.targets.length === 1 ? "" : "s"}: ${names}; one generated ExternalId each)\n` +
      `next: crossrole plan${out === "crossrole.yaml" ? "" : ` -c ${shown}`}   # review the IAM documents\n` +
      `      crossrole lint${out === "crossrole.yaml" ? "" : ` -c ${shown}`}   # security review\n`,
  );
  return ExitCode.ok;
}

// --- internal ---

function parseTargetFlag(value: string): { name: string; account: string } {
  const cut = value.indexOf("=");
  if (cut <= 0 || cut === value.length - 1) {
    throw new UsageError(
      `crossrole init: --target "${value}" must be NAME=ACCOUNT, e.g. --target ourthing=111111111111.`,
    );
  }
  return { name: value.slice(0, cut), account: value.slice(cut + 1) };
}

declare const __CROSSROLE_VERSION__: string | undefined;
const VERSION = typeof __CROSSROLE_VERSION__ === "string" ? __CROSSROLE_VERSION__ : "dev";
