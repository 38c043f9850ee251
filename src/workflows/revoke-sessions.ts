import type { CrossroleError } from "../core/errors.js";
import { asCrossroleError } from "../core/errors.js";
import type { TargetPlan } from "../core/plan/access-plan.js";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import { selectTargets } from "../core/plan/select-targets.js";
import type { AccessKeyPort } from "../core/ports/access-key-port.js";
import type { EcrProbe } from "../core/ports/ecr-probe-port.js";
import type { SessionCredentials } from "../core/ports/sts-port.js";
import type { StsProbe } from "../core/ports/sts-probe-port.js";
import { buildRevokePolicy, REVOKE_POLICY_NAME, readRevokeCutoff } from "../core/session/revoke-policy.js";
import { type ClearedCaches, clearCachedSessions } from "../local/cache/clear-cached-sessions.js";
import type { ConnectSide, SideRequest } from "./connect-side.js";
import { buildSideRequest, connectTarget } from "./connect-target.js";
import { IAM_PROPAGATION_DELAYS_MS } from "./iam-propagation-delays.js";
import { loadSpec } from "./load-spec.js";
import { mapBounded } from "./map-bounded.js";
import { pollUntil, SYSTEM_CLOCK } from "./poll-until.js";
import { DEFAULT_CONCURRENCY } from "./read-access-state.js";

/** How revoke reaches AWS. */
export interface RevokePorts {
  /** Target (and BUILD) admin access, as for apply. */
  connect: ConnectSide;
  /** STS on the BUILD credentials, to prove the revocation; undefined: no proof. */
  buildSts?: StsProbe | undefined;
  /** ECR inside a session (the proof's probe call: ecr:GetAuthorizationToken). */
  sessionEcr(credentials: SessionCredentials, region: string): EcrProbe;
  /** Access keys of the BUILD user, with the BUILD admin credentials (`--disable-build-keys`). */
  accessKeys?(request: SideRequest): Promise<AccessKeyPort>;
}

/** Options of {@link revokeSessions}. */
export interface RevokeSessionsOptions {
  file: string;
  /** Target names; empty means every target (`--all`). */
  targets: readonly string[];
  ports: RevokePorts;
  /** Asked once, with the targets, before anything is written; false declines. */
  confirm(targets: readonly TargetPlan[]): Promise<boolean>;
  /** Also deactivate the BUILD user's access keys (R20). */
  disableBuildKeys?: boolean;
  /** crossrole's credential cache directory, cleared for the revoked roles. */
  cacheDir: string;
  concurrency?: number;
  /** Waits while AWS propagates the policy (default about 15 s in all; propagation can take minutes). */
  proofDelaysMs?: readonly number[];
  now?: () => Date;
  /** Called when a target starts and when it finishes (`failed` on failure): live progress. */
  onProgress?: (event: RevokeProgress) => void;
}

/** Progress of one target of a revoke. */
export interface RevokeProgress {
  part: string;
  phase: "start" | "finish";
  failed?: boolean;
}

/** The live proof of one revocation (check 14). */
export interface RevokeProof {
  /** A session issued before the revoke: `refused` is the expected answer. */
  oldSession: "refused" | "still-allowed" | "not-proven";
  /** A session issued after: `works` is the expected answer. */
  newSession: "works" | "refused" | "not-proven";
  detail: string;
}

/** What happened to one target. */
export interface RevokeTargetResult {
  name: string;
  roleArn: string;
  status: "revoked" | "failed";
  /** The cutoff written (ISO 8601): sessions issued before it are denied everything. */
  cutoff?: string;
  /** True when AWSRevokeOlderSessions already existed and its time was refreshed. */
  refreshed?: boolean;
  /** The cutoff read back is at or after the revoke time. */
  confirmed?: boolean;
  proof?: RevokeProof;
  error?: CrossroleError;
}

/** What `--disable-build-keys` did. */
export interface BuildKeysResult {
  principalArn: string;
  /** Access key IDs set to Inactive (IDs are not secrets). */
  deactivated: string[];
  alreadyInactive: string[];
  note?: string;
  error?: CrossroleError;
}

/** The result of a revoke. */
export interface RevokeResult {
  /** False when declined: nothing was written. */
  executed: boolean;
  targets: RevokeTargetResult[];
  buildKeys?: BuildKeysResult;
  cleared?: ClearedCaches;
}

/**
 * `crossrole revoke`: on each selected target role puts the inline policy the AWS console uses,
 * AWSRevokeOlderSessions (Deny `*` on `*` for sessions issued before now, R19), refreshing its time when it exists,
 * then reads it back. With the BUILD credentials it proves it: a session assumed before the revoke is refused
 * ecr:GetAuthorizationToken afterwards, while a new one gets it. With `disableBuildKeys` it also deactivates the
 * BUILD user's access keys, which the revoke policy never touches (R20). Finally it clears crossrole's cached
 * sessions and ECR tokens for those roles.
 */
export async function revokeSessions(options: RevokeSessionsOptions): Promise<RevokeResult> {
  const { spec, file } = await loadSpec(options.file);
  const plan = selectTargets(buildAccessPlan(spec, file), options.targets);
  if (!(await options.confirm(plan.targets))) return { executed: false, targets: [] };
  const now = options.now ?? (() => new Date());
  const delays = options.proofDelaysMs ?? IAM_PROPAGATION_DELAYS_MS;

  const targets = await mapBounded(
    plan.targets,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async (target) => {
      const result: RevokeTargetResult = { name: target.name, roleArn: target.roleArn, status: "failed" };
      options.onProgress?.({ part: target.name, phase: "start" });
      try {
        const connection = await connectTarget(options.ports.connect, spec, target);
        const before = await openOldSession(target, options.ports);
        await SYSTEM_CLOCK.sleep(5); // the cutoff must fall strictly after the old session's issue time
        const cutoff = now();
        const existing = await connection.iam.getRolePolicy(target.roleName, REVOKE_POLICY_NAME);
        await connection.iam.putRolePolicy(target.roleName, REVOKE_POLICY_NAME, buildRevokePolicy(cutoff));
        const readBack = readRevokeCutoff(
          await connection.iam.getRolePolicy(target.roleName, REVOKE_POLICY_NAME),
        );
        result.status = "revoked";
        result.cutoff = cutoff.toISOString();
        result.refreshed = existing !== undefined;
        result.confirmed = readBack !== undefined && readBack.getTime() >= cutoff.getTime();
        result.proof = await prove(target, before, options.ports, delays);
      } catch (error) {
        result.error = asCrossroleError(error);
      }
      options.onProgress?.({ part: target.name, phase: "finish", failed: result.status === "failed" });
      return result;
    },
  );

  const revoked: RevokeResult = { executed: true, targets };
  if (options.disableBuildKeys === true) revoked.buildKeys = await disableKeys(spec, plan.build, options);
  revoked.cleared = await clearCachedSessions(
    options.cacheDir,
    targets.filter((t) => t.status === "revoked").map((t) => t.roleArn),
  );
  return revoked;
}

// --- internal ---

interface OldSession {
  credentials?: SessionCredentials;
  /** The session could call the probe action before the revoke. */
  baseline: boolean;
  why?: string;
}

async function openOldSession(target: TargetPlan, ports: RevokePorts): Promise<OldSession> {
  if (ports.buildSts === undefined) return { baseline: false, why: "no BUILD credentials to prove it with" };
  const attempt = await ports.buildSts.tryAssumeRole({
    roleArn: target.roleArn,
    sessionName: "crossrole-revoke-proof",
    externalId: target.externalIds[0],
  });
  if (attempt.credentials === undefined) {
    return {
      baseline: false,
      why: `the BUILD credentials cannot assume the role (${attempt.outcome.code ?? attempt.outcome.result})`,
    };
  }
  const ecr = ports.sessionEcr(attempt.credentials, target.region);
  try {
    const baseline = (await ecr.getAuthorizationToken()).result === "allowed";
    return baseline
      ? { credentials: attempt.credentials, baseline }
      : {
          credentials: attempt.credentials,
          baseline,
          why: "the role may not call ecr:GetAuthorizationToken, the action the proof uses",
        };
  } finally {
    ecr.destroy();
  }
}

async function prove(
  target: TargetPlan,
  old: OldSession,
  ports: RevokePorts,
  delays: readonly number[],
): Promise<RevokeProof> {
  if (!old.baseline || old.credentials === undefined || ports.buildSts === undefined) {
    return {
      oldSession: "not-proven",
      newSession: "not-proven",
      detail: `not proven: ${old.why ?? "no session"}.`,
    };
  }
  const oldEcr = ports.sessionEcr(old.credentials, target.region);
  let oldRefused = false;
  try {
    oldRefused = await poll(delays, async () => (await oldEcr.getAuthorizationToken()).result === "denied");
  } finally {
    oldEcr.destroy();
  }
  const fresh = await ports.buildSts.tryAssumeRole({
    roleArn: target.roleArn,
    sessionName: "crossrole-revoke-proof",
    externalId: target.externalIds[0],
  });
  let newWorks = false;
  if (fresh.credentials !== undefined) {
    const newEcr = ports.sessionEcr(fresh.credentials, target.region);
    try {
      newWorks = await poll(delays, async () => (await newEcr.getAuthorizationToken()).result === "allowed");
    } finally {
      newEcr.destroy();
    }
  }
  const proof: RevokeProof = {
    oldSession: oldRefused ? "refused" : "still-allowed",
    newSession: newWorks ? "works" : "refused",
    detail: "",
  };
  proof.detail = [
    oldRefused
      ? "a session issued before was refused ecr:GetAuthorizationToken"
      : "a session issued before is still allowed (IAM propagation can take minutes: run crossrole revoke again later to re-check)",
    newWorks
      ? "a new session works"
      : "a new session is refused too (a clock ahead of AWS's, or propagation: retry in a minute)",
  ].join("; ");
  return proof;
}

async function disableKeys(
  spec: Awaited<ReturnType<typeof loadSpec>>["spec"],
  build: ReturnType<typeof buildAccessPlan>["build"],
  options: RevokeSessionsOptions,
): Promise<BuildKeysResult> {
  const result: BuildKeysResult = { principalArn: build.principalArn, deactivated: [], alreadyInactive: [] };
  if (build.principalKind !== "user" || build.principalName === undefined) {
    result.note = `the BUILD principal is ${build.principalKind === "role" ? "a role: its sessions are temporary credentials" : "the account root"}; there are no user access keys to deactivate.`;
    return result;
  }
  if (options.ports.accessKeys === undefined) {
    result.note = "no BUILD admin credentials: access keys were not deactivated.";
    return result;
  }
  try {
    const keys = await options.ports.accessKeys(buildSideRequest(spec));
    for (const key of await keys.listAccessKeys(build.principalName)) {
      if (key.status === "Inactive") {
        result.alreadyInactive.push(key.accessKeyId);
        continue;
      }
      await keys.setAccessKeyStatus(build.principalName, key.accessKeyId, "Inactive");
      result.deactivated.push(key.accessKeyId);
    }
  } catch (error) {
    result.error = asCrossroleError(error);
  }
  return result;
}

/** Runs `test` now and after each delay until it is true; false when it never was. */
async function poll(delaysMs: readonly number[], test: () => Promise<boolean>): Promise<boolean> {
  return (await pollUntil(test, (passed) => passed, { delaysMs })).value;
}
