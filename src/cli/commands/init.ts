import { randomBytes } from "node:crypto";
import { isAbsolute, join, relative } from "node:path";
import { UsageError } from "../../core/errors.js";
import { initSpec } from "../../workflows/init-spec.js";
import type { CliContext } from "../cli-context.js";
import { ExitCode } from "../exit-codes.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { rejectPositionals } from "../target-args.js";

const usage = `Usage: crossrole init --build-account ID --build-principal P --target NAME=ACCOUNT... [options]

Writes a starter access spec with one high-entropy ExternalId per target (crypto RNG, 40
characters), ready for crossrole plan and crossrole lint. Refuses to overwrite without --force.

Options:
      --build-account ID     The BUILD account where build servers run (12 digits)
      --build-principal P    Who builds run as: user/NAME, role/NAME, a full IAM ARN, or root
      --target NAME=ACCOUNT  A target account and a name for it (repeatable)
      --role NAME            Role name (or /path/NAME) to create in each target
                             (default: CrossroleBuildRole)
      --region REGION        Region of the targets (default: $AWS_REGION, $AWS_DEFAULT_REGION)
      --name NAME            The spec's name: its own part of a BUILD principal several specs share
                             (default: the directory's name and 4 random characters)
  -o, --out FILE             Where to write (default: ./crossrole.yaml)
      --force                Overwrite an existing file
  -h, --help                 Show this help

Example:
  crossrole init --build-account 222222222222 --build-principal user/ci-builder \\
    --target ourthing=111111111111 --role OurThingBuildRole --region eu-west-1
`;

/** `crossrole init`: a starter spec from flags, with generated ExternalIds. */
export async function runInit(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("init", argv, {
    "build-account": { type: "string" },
    "build-principal": { type: "string" },
    target: { type: "string", multiple: true },
    role: { type: "string", default: "CrossroleBuildRole" },
    region: { type: "string" },
    name: { type: "string" },
    out: { type: "string", short: "o" },
    force: { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  });
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
  const result = await initSpec(
    {
      file: isAbsolute(out) ? out : join(ctx.cwd, out),
      force: values.force,
      region: region as string,
      buildAccount: values["build-account"] as string,
      buildPrincipal: values["build-principal"] as string,
      targets: (values.target ?? []).map(parseTargetFlag),
      role: values.role,
      name: values.name,
      version: VERSION,
    },
    { randomBytes: (n) => randomBytes(n) },
  );
  const shown = relative(ctx.cwd, result.file) || result.file;
  const names = result.targets.map((t) => t.name).join(", ");
  ctx.stdout.write(
    `wrote ${shown} (spec ${result.name}; ${result.targets.length} target${result.targets.length === 1 ? "" : "s"}: ${names}; one generated ExternalId each)\n` +
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
