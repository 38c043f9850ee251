import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { createStsProbe } from "../../aws/sts-probe.js";
import { UsageError } from "../../core/errors.js";
import { maskExternalId } from "../../core/identifiers/mask-external-id.js";
import { resolveHomeDir } from "../../local/fs/resolve-home-dir.js";
import { renderRotateBuildKeyJson } from "../../outputs/json/render-rotate-build-key-json.js";
import { renderRotateExternalIdJson } from "../../outputs/json/render-rotate-external-id-json.js";
import type { Style } from "../../outputs/style.js";
import {
  checkAccessKeyPath,
  renderAccessKeyJson,
  writeAccessKeyFile,
} from "../../outputs/write-access-key.js";
import { resolveAwsProfileFiles } from "../../outputs/write-aws-profile.js";
import { type RotateBuildKeyResult, rotateBuildKey } from "../../workflows/rotate-build-key.js";
import { type RotateExternalIdResult, rotateExternalId } from "../../workflows/rotate-external-id.js";
import { checkProfileFlags } from "../check-profile-flags.js";
import type { CliContext } from "../cli-context.js";
import { confirmOrRefuse } from "../confirm-or-refuse.js";
import { connectAccessKeys } from "../connect-access-keys.js";
import { connectAwsSides } from "../connect-aws-sides.js";
import { availableBuildSts, stsRegion } from "../create-verify-ports.js";
import { ExitCode } from "../exit-codes.js";
import { renderOptionsHelp } from "../options/render-options-help.js";
import { outputStyle } from "../output-style.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { readSpecRegion } from "../read-spec-region.js";
import { specFileFor } from "../spec-in-use.js";
import { oneTargetName, rejectPositionals } from "../target-args.js";

const usage = `Usage: crossrole rotate external-id (TARGET | --target NAME) [--finish] [--yes] [--json] [-c FILE] [--target-profile P]
       crossrole rotate build-key --key-out FILE|- [--keep-old] [--yes] [--json] [-c FILE] [--build-profile P]

external-id   Two phases, so builds never break. Phase 1 generates a new ExternalId, makes the role's trust accept
              both (StringEquals [new, old]; target admin credentials), writes the spec in place
              (externalId: [new, old], comments kept; builds send the first) and proves both work with the BUILD
              credentials. Once every build uses the new value: --finish removes the old one from trust and spec
              and proves it is refused.
build-key     Creates a new access key for the BUILD user (BUILD admin credentials), writes it like
              apply --create-build-user (a new file, mode 0600), proves it can assume every target, then
              deactivates and deletes the old key (--keep-old: only deactivates). IAM allows two keys per user:
              with two active keys crossrole refuses; with one inactive key it deletes that one first (--yes).

Options:
${renderOptionsHelp("rotate")}

Exit codes: 0 done and proven, 4 done but not proven (or the new key failed: the old one was kept), 3 AWS
refused, 6 AWS failed otherwise, 2 invalid input or declined.
`;

/** `crossrole rotate external-id | build-key`. */
export async function runRotate(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("rotate", argv);
  if (values.help) {
    ctx.stdout.write(usage);
    return ExitCode.ok;
  }
  await checkProfileFlags("rotate", values, ctx);
  const [what, ...rest] = positionals;
  const quiet = values.quiet === true;
  const file = specFileFor(ctx, values);
  const endpoint = values["endpoint-url"];
  const json = values.json === true;
  const confirm = (question: string) =>
    confirmOrRefuse(ctx, { command: `rotate ${what}`, yes: values.yes === true, question });

  if (what === "external-id") {
    const target = oneTargetName("rotate external-id", rest, values.target, "Run: crossrole rotate --help");
    if (target === undefined) {
      throw new UsageError("crossrole rotate external-id: name exactly one TARGET.", {
        hint: "Run: crossrole rotate --help",
      });
    }
    if (values["key-out"] !== undefined || values["keep-old"] === true) {
      throw new UsageError(
        "crossrole rotate external-id: --key-out and --keep-old belong to rotate build-key.",
      );
    }
    const result = await rotateExternalId({
      file,
      target,
      finish: values.finish === true,
      randomBytes: (n) => randomBytes(n),
      profileFiles: resolveAwsProfileFiles({
        env: ctx.env,
        homeDir: resolveHomeDir(ctx.env),
        cwd: ctx.cwd,
      }),
      connect: connectAwsSides({ targetProfile: values["target-profile"], endpoint, region: values.region }),
      buildSts: await availableBuildSts({
        env: ctx.env,
        sourceProfile: values["source-profile"],
        endpoint,
        region: values.region,
        specRegion: await readSpecRegion(file),
      }),
      confirm: async (preview) => {
        ctx.stderr.write(
          preview.phase === "start"
            ? `Target ${preview.target} (${preview.roleArn}): the trust will accept a new ExternalId as well as the current one; the spec gets externalId: [new, old].\n`
            : `Target ${preview.target} (${preview.roleArn}): the trust and the spec will keep only the new ExternalId (…${preview.after[0]?.slice(-4)}); the old one (…${preview.before[1]?.slice(-4)}) will be refused.\n`,
        );
        return confirm(preview.phase === "start" ? "Start the rotation?" : "Finish the rotation?");
      },
    });
    if (json) {
      ctx.stdout.write(renderRotateExternalIdJson(result, file));
      if (!result.executed) return ExitCode.invalidInput;
    } else if (!result.executed) {
      ctx.stdout.write("declined: nothing was changed.\n");
      return ExitCode.invalidInput;
    } else ctx.stdout.write(renderExternalIdRotation(result, file, outputStyle(ctx, values), quiet));
    const proven = result.notProven === undefined && result.proofs.every((p) => p.result === p.expected);
    return proven ? ExitCode.ok : ExitCode.verificationFailed;
  }

  if (what === "build-key") {
    rejectPositionals("rotate build-key", rest);
    if (values.target !== undefined) {
      throw new UsageError(
        "crossrole rotate build-key: --target belongs to rotate external-id; build-key rotates the BUILD user's key.",
      );
    }
    if (values.finish === true)
      throw new UsageError("crossrole rotate build-key: --finish belongs to rotate external-id.");
    const keyOut = values["key-out"];
    if (keyOut === undefined) {
      throw new UsageError("crossrole rotate build-key needs --key-out FILE (or - for stdout).", {
        hint: "IAM shows a new secret access key only once; crossrole will not create one it cannot hand over.",
      });
    }
    if (keyOut === "-" && ctx.stdout.isTTY === true) {
      throw new UsageError(
        "crossrole rotate build-key: --key-out - refuses to print a secret key to a terminal.",
      );
    }
    if (json && keyOut === "-") {
      throw new UsageError("crossrole rotate build-key: --json and --key-out - both want stdout.", {
        hint: "Give the key a file: --key-out ci-key.json (the document names it, never the secret).",
      });
    }
    const keyPath = keyOut === "-" ? undefined : resolve(ctx.cwd, keyOut);
    if (keyPath !== undefined) await checkAccessKeyPath(keyPath);
    // With the key or the JSON document on stdout, everything else goes to stderr.
    const out = keyOut === "-" || json ? ctx.stderr : ctx.stdout;
    if (!(await confirm("Create a new BUILD access key and retire the old one?"))) {
      if (json) throw new UsageError("crossrole rotate build-key: declined: nothing was changed.");
      out.write("declined: nothing was changed.\n");
      return ExitCode.invalidInput;
    }
    const region = stsRegion({ env: ctx.env, region: values.region, specRegion: await readSpecRegion(file) });
    const result = await rotateBuildKey({
      file,
      yes: values.yes === true,
      keepOld: values["keep-old"] === true,
      connectKeys: connectAccessKeys({
        buildProfile: values["build-profile"],
        endpoint,
        region: values.region,
      }),
      stsWith: (credentials) => createStsProbe({ region, endpoint, credentials }),
      onAccessKey: async (key) => {
        if (keyPath !== undefined) {
          await writeAccessKeyFile(keyPath, key);
          if (!quiet) out.write(`wrote the new access key of ${key.userName} to ${keyPath} (mode 0600)\n`);
        } else ctx.stdout.write(renderAccessKeyJson(key));
      },
    });
    if (json && keyPath !== undefined) ctx.stdout.write(renderRotateBuildKeyJson(result, keyPath));
    else out.write(renderBuildKeyRotation(result, outputStyle(ctx, values, out), quiet));
    return result.stopped === undefined ? ExitCode.ok : ExitCode.verificationFailed;
  }

  throw new UsageError(
    what === undefined
      ? "crossrole rotate: say what to rotate: external-id TARGET, or build-key."
      : `crossrole rotate: unknown "${what}"; expected external-id or build-key.`,
    { hint: "Run: crossrole rotate --help" },
  );
}

// --- internal ---

/** ExternalIds are not secrets (R2), but their tail is enough to tell them apart in a log (maskExternalId). */
function tail(id: string): string {
  return maskExternalId(id);
}

/** The rotation's report; `quiet` keeps its first line, failed proofs and what crossrole could not update. */
function renderExternalIdRotation(
  result: RotateExternalIdResult,
  file: string,
  style: Style,
  quiet: boolean,
): string {
  const p = result.preview;
  const lines = [
    p.phase === "start"
      ? `started: ${p.target} trust accepts ${p.after.map(tail).join(" (new) and ")} (old); ${file} updated (externalId: [new, old]).`
      : `finished: ${p.target} trust accepts only ${p.after.map(tail).join("")}; ${file} updated.`,
  ];
  for (const proof of result.proofs) {
    const ok = proof.result === proof.expected;
    if (ok && quiet) continue;
    lines.push(
      `  ${ok ? style.good("ok  ") : style.bad("FAIL")}  ExternalId ${tail(proof.externalId)} ${proof.expected === "works" ? "works" : "is refused"}${ok ? "" : ` (got: ${proof.result}; IAM may still be propagating, check with crossrole verify)`}`,
    );
  }
  if (result.notProven !== undefined) lines.push(`  not proven: ${result.notProven}.`);
  if (result.profilesUpdated !== undefined && !quiet) {
    const { file: config, profiles } = result.profilesUpdated;
    lines.push(
      profiles.length === 0
        ? `profiles: no crossrole-managed profile in ${config} held the old ExternalId.`
        : `profiles: updated to the new ExternalId in ${config}: ${profiles.join(", ")}.`,
    );
  }
  if (result.notUpdated !== undefined) {
    lines.push("crossrole cannot update the old ExternalId in (update them now, or those builds break):");
    for (const place of result.notUpdated) lines.push(`  - ${place}`);
  }
  if (p.phase === "start" && !quiet) {
    lines.push(
      `next: roll the new value out to every build (they read the spec), then: crossrole rotate external-id ${p.target} --finish`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The key rotation's report; `quiet` keeps the created key's id, failed proofs and a stop. */
function renderBuildKeyRotation(result: RotateBuildKeyResult, style: Style, quiet: boolean): string {
  const lines: string[] = [];
  if (result.deletedInactive !== undefined && !quiet)
    lines.push(`deleted the inactive key ${result.deletedInactive} (IAM allows two per user)`);
  lines.push(`created ${result.created} for ${result.userName}`);
  for (const p of result.proofs.filter((x) => !quiet || !x.ok))
    lines.push(
      `  ${p.ok ? style.good("ok  ") : style.bad("FAIL")}  ${p.target}  ${p.ok ? p.detail : `not assumable with the new key: ${p.detail}`}`,
    );
  if (result.stopped !== undefined) lines.push(`${style.bad("stopped")}: ${result.stopped}`);
  for (const k of quiet ? [] : result.oldKeys) lines.push(`old key ${k.accessKeyId}: ${k.action}`);
  return `${lines.join("\n")}\n`;
}
