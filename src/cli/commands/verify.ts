import { basename, dirname, resolve } from "node:path";
import { UsageError } from "../../core/errors.js";
import { writeFileAtomic } from "../../local/fs/write-file-atomic.js";
import { renderVerifyHtml } from "../../outputs/pictures/render-verify-html.js";
import { renderVerifyJson, renderVerifyText } from "../../outputs/render-verify-report.js";
import { writeOutputFiles } from "../../outputs/write-output-files.js";
import { planAccess } from "../../workflows/plan-access.js";
import { verifyAccess } from "../../workflows/verify-access.js";
import { parseConcurrency } from "../access-command-options.js";
import { checkProfileFlags } from "../check-profile-flags.js";
import type { CliContext } from "../cli-context.js";
import { createVerifyPorts } from "../create-verify-ports.js";
import { ExitCode } from "../exit-codes.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { outputStyle } from "../output-style.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { readSpecRegion } from "../read-spec-region.js";
import { readWebIdentityTokenFile } from "../read-web-identity-token-file.js";
import { specFileFor } from "../spec-in-use.js";
import { targetNames } from "../target-args.js";

const usage = `Usage: crossrole verify [TARGET]... [-c FILE] [--target NAME]... [--json] [--out FILE] [--html FILE]
                        [--probe-writes]
                        [--source-profile P] [--target-profile P] [--build-profile P]

Proves, live and with the BUILD credentials, that each target works and is safe:
  a. the caller is the spec's BUILD principal (a role principal's session counts as the role);
  b. AssumeRole with the ExternalId succeeds, as the expected assumed-role ARN;
  c. AssumeRole without an ExternalId, and with a wrong one, is refused (otherwise CRITICAL: confused deputy);
  d. inside the session, each ECR repository of the spec is readable and another one is not; with
     --probe-writes, a canary object is put (and deleted) under each S3 write prefix and a put outside is refused;
  e. the security lint runs on the LIVE trust, permission policies and BUILD grant, when admin credentials can
     read them (--target-profile / --build-profile, or admin in the spec); otherwise it is skipped with a note.
Keyless builds (build.oidc) with a web identity token (AWS_WEB_IDENTITY_TOKEN_FILE): the token is accepted by
the BUILD role, a forged copy (payload changed, signature kept) is refused, and the checks a real token cannot
run (another sub, another aud) are judged from the BUILD role's live trust policy (needs --build-profile or
build.admin; otherwise they fail as not judged) and labelled so; the checks above then run from the BUILD role
session the token gave.

Options:
${renderOptionsHelp("verify")}

The evidence document holds the time, crossrole's version, the caller and session ARNs, AWS request IDs and each
check's id, result and detail; never credentials.

Exit codes: 0 every check passed (warnings allowed), 4 a check failed or could not be judged (AWS did not
answer it: throttling, 5xx, a reset, a proxy's page; verify never passes without proof), 3 the BUILD
credentials were refused, 5 AWS could not be reached for the caller's identity, 2 invalid input.

Examples:
  crossrole verify
  crossrole verify ourthing --json --out evidence.json
  crossrole verify --probe-writes --target-profile target-admin --build-profile build-admin
`;

/** `crossrole verify`: live proof of each target's access and of its refusals; exit 4 when a check fails. */
export async function runVerify(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("verify", argv);
  if (values.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  await checkProfileFlags("verify", values, ctx);
  if (values.out === "-" || values.out === "") {
    throw new UsageError(
      `crossrole verify: --out takes a file name${values.out === "" ? "; it is empty" : '; "-" (stdout) is not one'}.`,
      { hint: "Use --json to print the evidence document to stdout, or name a file: --out evidence.json." },
    );
  }
  if (values.html === "-" || values.html === "") {
    throw new UsageError(
      `crossrole verify: --html takes a file name${values.html === "" ? "; it is empty" : '; "-" (stdout) is not one'}.`,
      { hint: "Name a file: --html evidence.html." },
    );
  }
  const file = specFileFor(ctx, values);
  const webIdentity = readWebIdentityTokenFile(ctx.env);
  const report = await verifyAccess({
    file,
    targets: targetNames(positionals, values.target),
    probeWrites: values["probe-writes"] === true,
    concurrency: parseConcurrency("verify", values.concurrency),
    targetAdminGiven: values["target-profile"] !== undefined,
    buildAdminGiven: values["build-profile"] !== undefined,
    version: VERSION,
    ...(webIdentity === undefined ? {} : { webIdentity }),
    ports: createVerifyPorts({
      env: ctx.env,
      sourceProfile: values["source-profile"],
      targetProfile: values["target-profile"],
      buildProfile: values["build-profile"],
      endpoint: values["endpoint-url"],
      region: values.region,
      specRegion: await readSpecRegion(file),
    }),
  });
  const json = renderVerifyJson(report);
  if (values.out !== undefined) {
    const out = resolve(ctx.cwd, values.out);
    await writeFileAtomic(out, json, { overwrite: true, mode: 0o600, dirMode: 0o700 });
    if (values.json !== true && values.quiet !== true) {
      ctx.stderr.write(`crossrole: evidence written to ${out}\n`);
    }
  }
  if (values.html !== undefined) {
    const html = resolve(ctx.cwd, values.html);
    // The spec's ExternalIds, to mask them wherever a check's text quotes one (the spec was just read: no AWS call).
    const { plan } = await planAccess({ file });
    const page = renderVerifyHtml(
      report,
      plan.targets.flatMap((t) => t.externalIds),
    );
    await writeOutputFiles(dirname(html), [{ path: basename(html), content: page }]);
    if (values.json !== true) ctx.stderr.write(`crossrole: HTML report written to ${html}\n`);
  }
  ctx.stdout.write(
    values.json === true
      ? json
      : renderVerifyText(report, { style: outputStyle(ctx, values), problemsOnly: values.quiet === true }),
  );
  return report.summary.ok ? ExitCode.ok : ExitCode.verificationFailed;
}

// --- internal ---

declare const __CROSSROLE_VERSION__: string | undefined;
const VERSION = typeof __CROSSROLE_VERSION__ === "string" ? __CROSSROLE_VERSION__ : "dev";
