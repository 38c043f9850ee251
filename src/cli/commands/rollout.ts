import { randomBytes } from "node:crypto";
import { createCloudFormationAdapter } from "../../aws/cloudformation-adapter.js";
import { chooseAdminSource, resolveAdminCredentials } from "../../aws/resolve-admin-credentials.js";
import { UsageError } from "../../core/errors.js";
import type { StackSetPort } from "../../core/ports/stackset-port.js";
import { renderRolloutJson } from "../../outputs/json/render-rollout-json.js";
import { renderRolloutPreview, renderRolloutSummary } from "../../outputs/render-rollout-report.js";
import { rolloutStackSets } from "../../workflows/rollout-stackset.js";
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

const usage = `Usage: crossrole rollout [GROUP]... [-c FILE] [--target GROUP]... [--dry-run] [--yes] [--json] [--target-profile P]
                         [--build-profile P] [--max-concurrent N] [--failure-tolerance N] [--delegated-admin]

Deploys each multi-account target as a CloudFormation StackSet crossrole-<GROUP> (CAPABILITY_NAMED_IAM): the
role of "crossrole plan --format cloudformation" in every account, each with its own ExternalId; then writes the
BUILD grant (sts:AssumeRole on exactly every role), as crossrole apply. Waits for each operation and reports
each account.

accounts: [...]             SELF_MANAGED. Each account's ExternalId is a ParameterOverride; accounts without one
                            get a generated one, written to the spec under targets.GROUP.externalIds first. Adds
                            accounts new to the spec, updates every account when the role changed, removes
                            accounts dropped from the spec (after confirmation).
organizationalUnits: [...]  SERVICE_MANAGED with auto-deployment: accounts that join the OUs later get the role
                            automatically. Each account's ExternalId is <externalIdPrefix>-<account ID>, derived
                            in the template from one generated prefix (written to the spec first). The accounts
                            found deployed are recorded under targets.GROUP.deployedAccounts; run rollout again
                            after accounts join or leave, so the BUILD grant names exactly their roles.

Self-managed: the StackSet administrator (--target-profile, default credential chain) needs the role
AWSCloudFormationStackSetAdministrationRole, and each target account AWSCloudFormationStackSetExecutionRole
trusting it. Service-managed: run it as the Organizations management account, or as a delegated administrator
with --delegated-admin; trusted access for StackSets must be on. AWS never deploys a service-managed StackSet to
the management account itself.

Options:
${renderOptionsHelp("rollout")}

Exit codes: 0 rolled out (or nothing to change), 2 invalid input or declined, 3 AWS refused or 6 AWS
failed (a StackSet operation, a stack instance) for an account or the BUILD grant (the report lists each), 5 AWS
unreachable.
`;

/** `crossrole rollout`: deploy multi-account targets as StackSets, one ExternalId per account. */
export async function runRollout(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("rollout", argv);
  if (values.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  await checkProfileFlags("rollout", values, ctx);
  const maxConcurrent = parseCount("--max-concurrent", values["max-concurrent"], 10, 1);
  const failureTolerance = parseCount("--failure-tolerance", values["failure-tolerance"], 0, 0);
  const file = specFileFor(ctx, values);
  const ports = new Map<string, StackSetPort>();
  const source = chooseAdminSource(values["target-profile"], undefined);
  const stackSets = (region: string): StackSetPort => {
    const r = values.region ?? region;
    let port = ports.get(r);
    if (port === undefined) {
      port = lazyPort(() =>
        resolveAdminCredentials(source, { region: r, endpoint: values["endpoint-url"] }).then((config) =>
          createCloudFormationAdapter(
            config,
            values["delegated-admin"] === true ? { callAs: "DELEGATED_ADMIN" } : {},
          ),
        ),
      );
      ports.set(r, port);
    }
    return port;
  };
  const connect = connectAwsSidesFromFlags(values);
  const json = values.json === true;
  // With the JSON document on stdout, the preview and progress go to stderr.
  const out = json ? ctx.stderr : ctx.stdout;
  const style = outputStyle(ctx, values, out);
  const quiet = values.quiet === true;
  let progress: ReturnType<typeof createProgressReporter> | undefined;
  const result = await rolloutStackSets({
    file,
    targets: targetNames(positionals, values.target),
    stackSets,
    ...(values["no-build-grant"] === true ? {} : { connect }),
    randomBytes: (n) => randomBytes(n),
    dryRun: values["dry-run"] === true,
    maxConcurrent,
    failureTolerance,
    ...(values["administration-role-arn"] === undefined
      ? {}
      : { administrationRoleArn: values["administration-role-arn"] }),
    ...(values["execution-role-name"] === undefined
      ? {}
      : { executionRoleName: values["execution-role-name"] }),
    confirm: async (preview) => {
      if (!quiet || values.yes !== true) out.write(renderRolloutPreview(preview, style));
      const parts = [
        ...preview.groups.flatMap((g) => [
          ...g.members.map((m) => m.name),
          ...g.remove.map((a) => `${g.group}-${a}`),
        ]),
        ...preview.ouGroups.flatMap((g) =>
          [...new Set([...g.recorded, ...g.joined])].map((a) => `${g.group}-${a}`),
        ),
        "BUILD",
      ];
      progress = createProgressReporter(out, parts, { style, quiet });
      const removing =
        preview.groups.some((g) => g.remove.length > 0) ||
        preview.ouGroups.some((g) => g.removeOus.length > 0);
      return confirmOrRefuse(ctx, {
        command: "rollout",
        yes: values.yes === true,
        question: removing ? "Roll out, including the REMOVALS above?" : "Roll out?",
        dryRun: true,
      });
    },
    onProgress: (event) => progress?.onProgress(event),
  });
  progress?.end();
  if (json) {
    const dryRun = values["dry-run"] === true;
    ctx.stdout.write(renderRolloutJson(result, { dryRun }));
    if (dryRun) return ExitCode.ok;
    reportBugs(
      ctx,
      result.outcomes.map((o) => o.error),
    );
    const declined =
      !result.executed &&
      result.outcomes.length > 0 &&
      result.outcomes.some((o) => o.status === "not-attempted");
    return declined ? ExitCode.invalidInput : outcomesExitCode(result.outcomes);
  }
  if (values["dry-run"] === true) {
    if (!quiet) ctx.stdout.write(renderRolloutPreview(result.preview, style));
    ctx.stdout.write("dry run: nothing written.\n");
    return ExitCode.ok;
  }
  if (!result.executed) {
    const nothing =
      result.outcomes.length === 0 || result.outcomes.every((o) => o.status !== "not-attempted");
    ctx.stdout.write(nothing ? "no changes.\n" : "declined: nothing was written.\n");
    if (!nothing) return ExitCode.invalidInput;
  }
  ctx.stdout.write(renderRolloutSummary(result.outcomes, style, progress?.reported));
  reportBugs(
    ctx,
    result.outcomes.map((o) => o.error),
  );
  return outcomesExitCode(result.outcomes);
}

// --- internal ---

function parseCount(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > 100)
    throw new UsageError(
      `crossrole rollout: ${flag} must be a whole number from ${min} to 100 (got "${value}").`,
    );
  return n;
}

/** A port whose adapter is built on first use (credentials resolve asynchronously). */
function lazyPort(create: () => Promise<StackSetPort>): StackSetPort {
  let port: Promise<StackSetPort> | undefined;
  const get = () => {
    port ??= create();
    return port;
  };
  return new Proxy({} as StackSetPort, {
    get:
      (_, key: string) =>
      async (...args: unknown[]) => {
        const p = (await get()) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
        return p[key]?.(...args);
      },
  });
}
