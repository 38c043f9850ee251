import { AwsAuthError, CrossroleError, UsageError } from "../core/errors.js";
import { MANAGED_TAG_KEY, MANAGED_TAG_VALUE, type TargetPlan } from "../core/plan/access-plan.js";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import { generateExternalId } from "../core/plan/generate-external-id.js";
import {
  finishExternalIdRotation,
  type SpecExternalId,
  startExternalIdRotation,
  toSpecExternalId,
} from "../core/plan/rotate-external-id.js";
import { selectTargets } from "../core/plan/select-targets.js";
import { specTargetOf } from "../core/plan/spec-target-of.js";
import type { StsProbe } from "../core/ports/sts-probe-port.js";
import type { AccessSpec } from "../core/spec/spec-schema.js";
import { replaceManagedExternalId } from "../outputs/ini/replace-managed-external-id.js";
import { editSpecExternalId } from "../outputs/spec-file/edit-spec-external-id.js";
import { checkSpecRewritable } from "../outputs/spec-file/rewrite-spec-file.js";
import { type AwsProfileFiles, readAwsFile, writeAwsProfile } from "../outputs/write-aws-profile.js";
import type { ConnectSide } from "./connect-side.js";
import { IAM_PROPAGATION_DELAYS_MS } from "./iam-propagation-delays.js";
import { loadSpec } from "./load-spec.js";
import { pollUntil } from "./poll-until.js";

/** Options of {@link rotateExternalId}. */
export interface RotateExternalIdOptions {
  file: string;
  target: string;
  /** Phase 2: drop the old value (trust and spec). Without it, phase 1: add a new one. */
  finish: boolean;
  /** Target admin access, as for apply. */
  connect: ConnectSide;
  /** STS on the BUILD credentials, to prove which values work; undefined: not proven. */
  buildSts?: StsProbe | undefined;
  /** Asked once before anything is written; false declines. */
  confirm(preview: RotationPreview): Promise<boolean>;
  /** A cryptographic RNG (node:crypto randomBytes). */
  randomBytes: (n: number) => Uint8Array;
  /** Waits while IAM propagates the new trust (default about 15 s in all). */
  delaysMs?: readonly number[];
  /**
   * The AWS config file whose crossrole-managed profiles (`profile`, `configure --from-env`) `finish` updates from
   * the old ExternalId to the new one; undefined: none.
   */
  profileFiles?: AwsProfileFiles | undefined;
}

/** What the rotation will do, shown before it does it. */
export interface RotationPreview {
  target: string;
  roleArn: string;
  phase: "start" | "finish";
  /** The ExternalIds the trust and the spec accept now, and after. */
  before: string[];
  after: string[];
}

/** The proof of one value after the change. */
export interface ExternalIdProof {
  externalId: string;
  /** What it should do now: `works` (new, and old during the window) or `refused` (old, after --finish). */
  expected: "works" | "refused";
  result: "works" | "refused" | "not-proven";
}

/** The result of a rotation step. */
export interface RotateExternalIdResult {
  preview: RotationPreview;
  /** False when declined: nothing was written. */
  executed: boolean;
  /** The spec value written. */
  specValue?: SpecExternalId;
  proofs: ExternalIdProof[];
  /** Why nothing was proven (no BUILD credentials). */
  notProven?: string;
  /** finish: the managed profiles (in `profileFiles.configFile`) now holding the new ExternalId. */
  profilesUpdated?: { file: string; profiles: string[] };
  /** finish: where the old ExternalId may still be, which crossrole cannot reach. */
  notUpdated?: string[];
}

/**
 * `crossrole rotate external-id TARGET [--finish]` (check 3: at most two values, only during a rotation window).
 * Phase 1 generates a new ExternalId, rewrites the role's trust (from the spec, as apply would) to accept
 * `StringEquals` [new, old], then writes the spec in place (`externalId: [new, old]`, comments kept) and proves with
 * the BUILD credentials that both values work. `finish` drops the old value from trust and spec and proves that
 * it is refused while the new one works. The trust is written before the spec, so a failure in between never
 * leaves the spec naming a value AWS refuses; the spec is checked to be rewritable before the trust is touched, so
 * a new value is never live in AWS without being in the spec. Only a role tagged managed-by=crossrole is changed.
 */
export async function rotateExternalId(options: RotateExternalIdOptions): Promise<RotateExternalIdResult> {
  const { spec, file, text } = await loadSpec(options.file);
  const target = selectTargets(buildAccessPlan(spec, file), [options.target]).targets[0] as TargetPlan;
  if (target.group !== undefined) {
    throw new UsageError(
      `target "${target.name}" is one account of the multi-account target "${target.group}"; rotate external-id works on single-account targets only.`,
      { hint: `Edit targets.${target.group}.externalIds by hand, then run crossrole rollout.` },
    );
  }
  const current = target.externalIds;
  let after: string[];
  if (options.finish) {
    const { keep } = finishExternalIdRotation(target.name, current);
    after = [keep];
  } else {
    after = startExternalIdRotation(target.name, current, generateExternalId(options.randomBytes));
  }
  const preview: RotationPreview = {
    target: target.name,
    roleArn: target.roleArn,
    phase: options.finish ? "finish" : "start",
    before: [...current],
    after,
  };

  // The trust is changed first and the spec right after: refuse now if the spec cannot take the new value, or the
  // new ExternalId would be live in AWS and written nowhere.
  await checkSpecRewritable(file, {
    notWritten: "nothing was changed (neither the role's trust nor the spec).",
  });
  const admin = specTargetOf(spec, target)?.admin;
  const connection = await options.connect({
    side: "target",
    target: target.name,
    account: target.account,
    region: target.region,
    ...(admin === undefined ? {} : { admin }),
  });
  if (connection.identity.account !== target.account) {
    throw new AwsAuthError(
      "ACCOUNT_MISMATCH",
      `the admin credentials for target ${target.name} (${connection.source}) are in account ${connection.identity.account}, but the spec says ${target.account}. Nothing was changed.`,
      {
        hint: `Use admin credentials of account ${target.account}: --target-profile NAME, or targets.${target.name}.admin.`,
      },
    );
  }
  const role = await connection.iam.getRole(target.roleName);
  if (role === undefined) {
    throw new CrossroleError("ROLE_MISSING", "invalid-input", `role ${target.roleArn} does not exist.`, {
      hint: "Create it first: crossrole apply.",
    });
  }
  const tags = await connection.iam.listRoleTags(target.roleName);
  if (tags[MANAGED_TAG_KEY] !== MANAGED_TAG_VALUE) {
    throw new CrossroleError(
      "UNMANAGED_ROLE",
      "invalid-input",
      `role ${target.roleArn} is not managed by crossrole (no tag ${MANAGED_TAG_KEY}=${MANAGED_TAG_VALUE}); crossrole will not rewrite its trust.`,
      { hint: "Adopt it first: crossrole apply --adopt." },
    );
  }
  if (!(await options.confirm(preview))) return { preview, executed: false, proofs: [] };

  const specValue = toSpecExternalId(after);
  const trust = trustWith(spec, file, target.name, specValue);
  await connection.iam.updateAssumeRolePolicy(target.roleName, trust);
  await editSpecExternalId(file, target.name, specValue, text);

  const result: RotateExternalIdResult = { preview, executed: true, specValue, proofs: [] };
  const dropped = current.filter((id) => !after.includes(id));
  if (options.finish) {
    const keep = after[0] as string;
    if (options.profileFiles !== undefined) {
      result.profilesUpdated = await updateManagedProfiles(
        options.profileFiles,
        target.roleArn,
        dropped,
        keep,
      );
    }
    result.notUpdated = NOT_UPDATED;
  }
  if (options.buildSts === undefined) {
    result.notProven = "no usable BUILD credentials (default chain or --source-profile)";
    return result;
  }
  const checks: Array<{ externalId: string; expected: "works" | "refused" }> = [
    ...after.map((externalId) => ({ externalId, expected: "works" as const })),
    ...dropped.map((externalId) => ({ externalId, expected: "refused" as const })),
  ];
  for (const check of checks) {
    result.proofs.push({ ...check, result: await prove(options.buildSts, target, check, options.delaysMs) });
  }
  return result;
}

/** Where an ExternalId lives that crossrole cannot rewrite (listed after `--finish`). */
export const NOT_UPDATED = [
  "AWS config files on other machines and containers (re-run crossrole profile / crossrole configure --from-env there)",
  "CI variables and secrets holding EXTERNAL_ID (e.g. for crossrole configure --from-env)",
  "profiles crossrole did not write (no '# managed by crossrole' line) and other tools' settings",
];

// --- internal ---

async function updateManagedProfiles(
  files: AwsProfileFiles,
  roleArn: string,
  oldIds: readonly string[],
  newId: string,
): Promise<{ file: string; profiles: string[] }> {
  const file = files.configFile;
  if ((await readAwsFile(file)) === undefined) return { file, profiles: [] };
  let profiles: string[] = [];
  await writeAwsProfile(file, (doc) => {
    const replaced = replaceManagedExternalId(doc, roleArn, oldIds, newId);
    profiles = replaced.updated;
    return replaced.doc;
  });
  return { file, profiles };
}

function trustWith(spec: AccessSpec, file: string, name: string, value: SpecExternalId) {
  const target = spec.targets[name];
  const changed: AccessSpec = {
    ...spec,
    targets: { ...spec.targets, [name]: { ...target, externalId: value } as NonNullable<typeof target> },
  };
  const plan = selectTargets(buildAccessPlan(changed, file), [name]).targets[0] as TargetPlan;
  return plan.trustPolicy;
}

/** Polls until the value gives the expected answer (IAM is eventually consistent), or the waits run out. */
async function prove(
  sts: StsProbe,
  target: TargetPlan,
  check: { externalId: string; expected: "works" | "refused" },
  delaysMs: readonly number[] = IAM_PROPAGATION_DELAYS_MS,
): Promise<ExternalIdProof["result"]> {
  const polled = await pollUntil(
    async (): Promise<ExternalIdProof["result"]> => {
      const attempt = await sts.tryAssumeRole({
        roleArn: target.roleArn,
        sessionName: "crossrole-rotate-proof",
        externalId: check.externalId,
      });
      return attempt.outcome.result === "allowed"
        ? "works"
        : attempt.outcome.result === "denied"
          ? "refused"
          : "not-proven";
    },
    (result) => result === check.expected,
    { delaysMs },
  );
  return polled.value;
}
