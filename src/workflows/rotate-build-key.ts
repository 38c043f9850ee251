import type { CallerIdentity } from "../core/diff/live-state.js";
import { CrossroleError, UsageError } from "../core/errors.js";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import type { AccessKeyInfo, AccessKeyPort } from "../core/ports/access-key-port.js";
import type { AccessKey } from "../core/ports/iam-port.js";
import type { StsProbe } from "../core/ports/sts-probe-port.js";
import type { TemporaryCredentials } from "../core/session/temporary-credentials.js";
import type { SideRequest } from "./connect-side.js";
import { buildSideRequest } from "./connect-target.js";
import { IAM_PROPAGATION_DELAYS_MS } from "./iam-propagation-delays.js";
import { loadSpec } from "./load-spec.js";
import { pollUntil } from "./poll-until.js";

/** Options of {@link rotateBuildKey}. */
export interface RotateBuildKeyOptions {
  file: string;
  /** Access keys of the BUILD account, with its admin credentials, and who those are. */
  connectKeys(request: SideRequest): Promise<{ keys: AccessKeyPort; identity: CallerIdentity }>;
  /** STS signed with the new key (to prove it). */
  stsWith(credentials: TemporaryCredentials): StsProbe;
  /** Stores the new key as soon as it exists (IAM shows the secret once). */
  onAccessKey(key: AccessKey & { userName: string }): Promise<void>;
  /** At IAM's two-keys limit with one inactive key: delete that one first. */
  yes?: boolean;
  /** Deactivate the old key but do not delete it. */
  keepOld?: boolean;
  /** Waits for the new key to work everywhere (IAM is eventually consistent; default about 15 s in all). */
  delaysMs?: readonly number[];
}

/** One target, assumed with the new key. */
export interface NewKeyProof {
  target: string;
  roleArn: string;
  ok: boolean;
  detail: string;
}

/** The result of a build-key rotation. */
export interface RotateBuildKeyResult {
  userName: string;
  principalArn: string;
  /** The new key's ID (not a secret). */
  created: string;
  /** An inactive key deleted first, to make room (IAM allows two keys per user). */
  deletedInactive?: string;
  proofs: NewKeyProof[];
  /** What happened to each old key. */
  oldKeys: Array<{ accessKeyId: string; action: "deleted" | "deactivated" | "kept" }>;
  /** Set when the new key did not work everywhere: the old key was left untouched. */
  stopped?: string;
}

/**
 * `crossrole rotate build-key`: creates a new access key for the BUILD user (BUILD admin credentials) and hands it
 * over at once, proves that it can assume every target (retrying while IAM propagates the key), then deactivates
 * and deletes the old key (`keepOld`: only deactivates). If the new key fails anywhere, the old one stays active.
 * IAM allows two keys per user: with two active keys it refuses; with one inactive key it deletes that one first,
 * only with `yes`.
 */
export async function rotateBuildKey(options: RotateBuildKeyOptions): Promise<RotateBuildKeyResult> {
  const { spec, file } = await loadSpec(options.file);
  const plan = buildAccessPlan(spec, file);
  const userName = plan.build.principalName;
  if (plan.build.principalKind !== "user" || userName === undefined) {
    throw new UsageError(
      `the BUILD principal ${plan.build.principalArn} is not an IAM user, so it has no access keys to rotate.`,
      { hint: "Role principals get temporary credentials; nothing to rotate." },
    );
  }
  const { keys, identity } = await options.connectKeys(buildSideRequest(spec));
  let existing = await keys.listAccessKeys(userName);
  let deletedInactive: string | undefined;
  if (existing.length >= 2) {
    const inactive = existing.find((k) => k.status === "Inactive");
    if (inactive === undefined) {
      throw new CrossroleError(
        "ACCESS_KEY_LIMIT",
        "invalid-input",
        `${userName} already has two active access keys (${existing.map((k) => k.accessKeyId).join(", ")}), IAM's limit; crossrole will not choose which one to delete.`,
        {
          hint: `Deactivate the one no build uses (aws iam update-access-key --user-name ${userName} --access-key-id ID --status Inactive), then run this again with --yes.`,
        },
      );
    }
    if (options.yes !== true) {
      throw new UsageError(
        `${userName} has two access keys, IAM's limit; the inactive one (${inactive.accessKeyId}) must be deleted first to make room.`,
        { hint: "Re-run with --yes to delete it." },
      );
    }
    await keys.deleteAccessKey(userName, inactive.accessKeyId);
    deletedInactive = inactive.accessKeyId;
    existing = existing.filter((k) => k.accessKeyId !== inactive.accessKeyId);
  }

  const key = await keys.createAccessKey(userName);
  try {
    await options.onAccessKey({ ...key, userName });
  } catch (error) {
    // The secret could not be stored: a key nobody has is only a liability.
    await keys.deleteAccessKey(userName, key.accessKeyId).catch(() => undefined);
    throw error;
  }
  const result: RotateBuildKeyResult = {
    userName,
    principalArn: plan.build.principalArn,
    created: key.accessKeyId,
    proofs: [],
    oldKeys: [],
    ...(deletedInactive === undefined ? {} : { deletedInactive }),
  };

  const sts = options.stsWith({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey });
  const delaysMs = options.delaysMs ?? IAM_PROPAGATION_DELAYS_MS;
  for (const target of plan.targets) {
    const { value: outcome } = await pollUntil(
      async () => {
        const attempt = await sts.tryAssumeRole({
          roleArn: target.roleArn,
          sessionName: "crossrole-rotate-key",
          externalId: target.externalIds[0],
        });
        return attempt.outcome;
      },
      (outcome) => outcome.result === "allowed",
      { delaysMs },
    );
    result.proofs.push({
      target: target.name,
      roleArn: target.roleArn,
      ok: outcome.result === "allowed",
      detail:
        outcome.result === "allowed"
          ? "assumed with the new key"
          : `${outcome.code ?? outcome.result}: ${outcome.message ?? ""}`,
    });
  }
  const failed = result.proofs.filter((p) => !p.ok);
  if (failed.length > 0) {
    result.stopped = `the new key could not assume ${failed.map((p) => p.target).join(", ")}; the old key was left active.`;
    result.oldKeys = existing.map((k) => ({ accessKeyId: k.accessKeyId, action: "kept" }));
    return result;
  }
  // When the admin credentials are this very user, deactivating its key first would lock us out of the delete.
  const self = identity.arn === plan.build.principalArn;
  for (const old of existing)
    result.oldKeys.push(await retire(keys, userName, old, options.keepOld === true, self));
  return result;
}

// --- internal ---

async function retire(
  keys: AccessKeyPort,
  userName: string,
  old: AccessKeyInfo,
  keepOld: boolean,
  self: boolean,
): Promise<RotateBuildKeyResult["oldKeys"][number]> {
  if (old.status === "Active" && (keepOld || !self))
    await keys.setAccessKeyStatus(userName, old.accessKeyId, "Inactive");
  if (keepOld) return { accessKeyId: old.accessKeyId, action: "deactivated" };
  await keys.deleteAccessKey(userName, old.accessKeyId);
  return { accessKeyId: old.accessKeyId, action: "deleted" };
}
