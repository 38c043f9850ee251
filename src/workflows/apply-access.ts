import { type BuildDiff, diffBuild, diffTarget, type TargetDiff } from "../core/diff/diff-access.js";
import { diffOidc, type OidcDiff, oidcInSync, planOidcChanges } from "../core/diff/diff-oidc.js";
import type { IamCall } from "../core/diff/iam-call.js";
import type { PartOutcome } from "../core/diff/part-outcome.js";
import { planBuildChanges, planTargetChanges } from "../core/diff/plan-changes.js";
import { AwsOperationError, asCrossroleError, CrossroleError, UsageError } from "../core/errors.js";
import type { GrantLayout } from "../core/plan/access-plan.js";
import { type BuildPlan, MANAGED_TAG_KEY, MANAGED_TAG_VALUE } from "../core/plan/access-plan.js";
import { ATTACHED_POLICIES_LIMIT, liveGrantLayout } from "../core/plan/grant-layout.js";
import type { AccessKey } from "../core/ports/iam-port.js";
import type { ConnectSide, Side } from "./connect-side.js";
import { mapBounded } from "./map-bounded.js";
import {
  type AccessState,
  type BuildState,
  DEFAULT_CONCURRENCY,
  readAccessState,
  type TargetState,
} from "./read-access-state.js";
import { runPartCalls } from "./run-part-calls.js";

/** One target as apply sees it before writing: its diff, the calls that fix it, or why it is left alone. */
export interface TargetPreview {
  state: TargetState;
  diff?: TargetDiff;
  calls: IamCall[];
  /** Why nothing will be written for this target (unmanaged role, unreadable, BUILD principal missing). */
  refusal?: CrossroleError;
}

/** The BUILD side as apply sees it before writing. */
export interface BuildPreview {
  state: BuildState;
  diff?: BuildDiff;
  calls: IamCall[];
  /** The BUILD user will be created (with one access key) first: `--create-build-user` and it does not exist. */
  createUser: boolean;
  refusal?: CrossroleError;
  /** Keyless builds: how the OIDC provider and the BUILD role differ from the plan. */
  oidcDiff?: OidcDiff;
  /** Keyless builds: the provider and BUILD role calls, made before the targets (their trust names the role). */
  oidcCalls?: IamCall[];
}

/** What apply will do, shown for review before any write. */
export interface ApplyPreview {
  state: AccessState;
  targets: TargetPreview[];
  build?: BuildPreview;
  /** Write calls planned in all (a created user and its key count as two). */
  totalCalls: number;
}

/** Options of {@link applyAccess}. */
export interface ApplyAccessOptions {
  file: string;
  targets?: readonly string[];
  side: Side;
  connect: ConnectSide;
  /** Take over existing roles that lack the managed-by=crossrole tag (`--adopt`). */
  adopt?: boolean;
  /** Create the BUILD IAM user (and one access key) if missing (`--create-build-user`). */
  createBuildUser?: boolean;
  /** Show the preview only. */
  dryRun?: boolean;
  /** Asked once, with the preview, before the first write; false declines. Not called when nothing changes. */
  confirm: (preview: ApplyPreview) => Promise<boolean>;
  /** Receives the new BUILD user's access key as soon as it exists (to store it). Required with createBuildUser. */
  onAccessKey?: (key: AccessKey & { userName: string }) => Promise<void>;
  /** Called as each part starts and finishes. */
  onProgress?: (event: ApplyProgress) => void;
  /** Parts worked on at once (default 8). */
  concurrency?: number;
  /** Eventual-consistency backoff (tests shorten it). */
  retryDelaysMs?: readonly number[];
}

/** Progress of one part. */
export interface ApplyProgress {
  part: string;
  phase: "start" | "finish";
  outcome?: PartOutcome;
}

/** The result of an apply. */
export interface ApplyResult {
  preview: ApplyPreview;
  /** False when declined or a dry run: nothing was written. */
  executed: boolean;
  /** One per selected target (spec order), then BUILD when its side was selected. */
  outcomes: PartOutcome[];
  /** IAM write calls attempted (0 for a run with nothing to change). */
  writeCalls: number;
}

/**
 * `crossrole apply`: reads live state, computes the semantic diff and the minimum IAM calls, asks for
 * confirmation, then writes: the BUILD user first when it must be created, then the target roles in parallel
 * (bounded), then the BUILD grant. Only what crossrole owns is changed: a role without managed-by=crossrole is
 * refused unless adopting. A failing target does not stop the others; the outcomes say what was and was not
 * applied.
 */
export async function applyAccess(options: ApplyAccessOptions): Promise<ApplyResult> {
  const state = await readAccessState(options);
  const preview = previewApply(state, options);
  const result: ApplyResult = { preview, executed: false, outcomes: [], writeCalls: 0 };
  if (preview.totalCalls === 0) {
    result.outcomes = refusedOrUnchanged(preview);
    return result;
  }
  if (options.dryRun === true || !(await options.confirm(preview))) {
    result.outcomes = notAttempted(preview, "not attempted: nothing was written");
    return result;
  }
  result.executed = true;
  const count = () => {
    result.writeCalls++;
  };
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const retry = options.retryDelaysMs === undefined ? {} : { retryDelaysMs: options.retryDelaysMs };

  // 1. The BUILD user, when it must be created: the trust policies name it, so it has to exist first.
  let freshPrincipal = false;
  let userFailure: PartOutcome | undefined;
  if (preview.build?.createUser === true) {
    const created = await createBuildUser(preview.build, options, count);
    if (created.error !== undefined) userFailure = created;
    else freshPrincipal = true;
  }

  // 1b. Keyless builds: the OIDC provider and the BUILD role, which the targets' trust policies name.
  let oidcOutcome: PartOutcome | undefined;
  const oidcCalls = preview.build?.refusal === undefined ? (preview.build?.oidcCalls ?? []) : [];
  if (preview.build !== undefined && oidcCalls.length > 0) {
    options.onProgress?.({ part: "BUILD", phase: "start" });
    oidcOutcome = await runPartCalls(
      { part: "BUILD", side: "build" },
      preview.build.state.connection?.iam as NonNullable<BuildState["connection"]>["iam"],
      oidcCalls,
      { ...retry, onWrite: count },
    );
    if (oidcOutcome.error !== undefined) userFailure = oidcOutcome;
    else if (oidcCalls.some((c) => c.kind === "CreateRole")) freshPrincipal = true;
  }

  // 2. Targets, in parallel.
  const targetOutcomes = await mapBounded(preview.targets, concurrency, async (t) => {
    const part = { part: t.state.plan.name, side: "target" as const };
    options.onProgress?.({ part: part.part, phase: "start" });
    let outcome: PartOutcome;
    if (t.refusal !== undefined) {
      outcome = {
        ...part,
        status: refusalStatus(t.refusal),
        applied: [],
        notApplied: t.calls,
        error: t.refusal,
        notes: [],
      };
    } else if (userFailure !== undefined && writesTrust(t.calls)) {
      outcome = {
        ...part,
        status: "not-attempted",
        applied: [],
        notApplied: t.calls,
        // The kind of the BUILD user's failure, so the exit code says what went wrong (AWS, or a local file).
        error: new CrossroleError(
          "DEPENDENCY_FAILED",
          userFailure.error?.kind ?? "aws",
          oidcOutcome === undefined
            ? "not attempted: the BUILD user could not be created"
            : "not attempted: the BUILD role or its OIDC provider could not be written",
        ),
        notes: [],
      };
    } else {
      outcome = await runPartCalls(
        part,
        t.state.connection?.iam as NonNullable<TargetState["connection"]>["iam"],
        t.calls,
        {
          ...retry,
          freshPrincipal,
          onWrite: count,
        },
      );
    }
    options.onProgress?.({ part: part.part, phase: "finish", outcome });
    return outcome;
  });
  result.outcomes.push(...targetOutcomes);

  // 3. The BUILD grant, last.
  if (preview.build !== undefined) {
    const b = preview.build;
    const part = { part: "BUILD", side: "build" as const };
    options.onProgress?.({ part: "BUILD", phase: "start" });
    let outcome: PartOutcome;
    if (userFailure !== undefined)
      outcome = { ...userFailure, notApplied: [...userFailure.notApplied, ...b.calls] };
    else if (b.refusal !== undefined) {
      outcome = {
        ...part,
        status: refusalStatus(b.refusal, "build"),
        applied: [],
        notApplied: b.calls,
        error: b.refusal,
        notes: [],
      };
    } else {
      outcome = await runPartCalls(
        part,
        b.state.connection?.iam as NonNullable<BuildState["connection"]>["iam"],
        b.calls,
        {
          ...retry,
          onWrite: count,
        },
      );
      if (b.createUser)
        outcome.notes.push(`created IAM user ${b.state.plan.principalArn} with one access key`);
      if (b.createUser && outcome.status === "unchanged") outcome.status = "done";
      if (oidcOutcome !== undefined) {
        outcome.applied = [...oidcOutcome.applied, ...outcome.applied];
        outcome.notes = [...oidcOutcome.notes, ...outcome.notes];
        if (outcome.status === "unchanged") outcome.status = oidcOutcome.status;
      }
    }
    options.onProgress?.({ part: "BUILD", phase: "finish", outcome });
    result.outcomes.push(outcome);
  }
  return result;
}

/** Computes diffs and calls from what was read, without writing. Exported for `crossrole diff` and tests. */
export function previewApply(
  state: AccessState,
  options: Pick<ApplyAccessOptions, "adopt" | "createBuildUser">,
): ApplyPreview {
  const build =
    state.build === undefined
      ? undefined
      : withOidcPreview(previewBuild(state.build, options), options.adopt === true);
  const principalMissing = build?.refusal?.code === "BUILD_PRINCIPAL_MISSING";
  const targets = state.targets.map((t) =>
    previewTarget(t, options, principalMissing ? build?.refusal : undefined),
  );
  const totalCalls =
    targets.reduce((n, t) => n + (t.refusal === undefined ? t.calls.length : 0), 0) +
    (build === undefined || build.refusal !== undefined
      ? 0
      : build.calls.length + (build.createUser ? 2 : 0) + (build.oidcCalls?.length ?? 0));
  return { state, targets, ...(build === undefined ? {} : { build }), totalCalls };
}

// --- internal ---

function previewTarget(
  t: TargetState,
  options: Pick<ApplyAccessOptions, "adopt">,
  principalMissing: CrossroleError | undefined,
): TargetPreview {
  if (t.error !== undefined || t.live === undefined) {
    return {
      state: t,
      calls: [],
      refusal: t.error ?? new CrossroleError("NOT_READ", "internal", "not read"),
    };
  }
  const diff = diffTarget(t.plan, t.live);
  const calls = planTargetChanges(t.plan, diff, { adopt: options.adopt === true });
  const preview: TargetPreview = { state: t, diff, calls };
  if (diff.status === "unmanaged" && options.adopt !== true) {
    preview.calls = planTargetChanges(t.plan, diff, { adopt: true });
    preview.refusal = new CrossroleError(
      "UNMANAGED_ROLE",
      "invalid-input",
      `role ${t.plan.roleArn} exists but is not managed by crossrole (it has no tag ${MANAGED_TAG_KEY}=${MANAGED_TAG_VALUE}); crossrole changes nothing on it.`,
      {
        hint: "To take it over, run crossrole apply --adopt (the diff shows what adopting changes), or choose another role name in the spec.",
      },
    );
  } else if (principalMissing !== undefined && writesTrust(calls)) {
    preview.refusal = new AwsOperationError(
      "BUILD_PRINCIPAL_MISSING",
      `not attempted: its trust policy names the BUILD principal, which does not exist (IAM would refuse it: "Invalid principal").`,
      principalMissing.hint === undefined ? {} : { hint: principalMissing.hint },
    );
  }
  return preview;
}

/**
 * Keyless builds: the provider and BUILD role calls; a missing BUILD role is then no refusal (apply creates it),
 * and the grant is planned as for an existing role without one. An unmanaged provider or role is refused unless
 * adopting, as unmanaged target roles are.
 */
function withOidcPreview(preview: BuildPreview, adopt: boolean): BuildPreview {
  const plan = preview.state.plan;
  const live = preview.state.live;
  if (plan.oidc === undefined || live?.oidc === undefined || preview.state.error !== undefined)
    return preview;
  const oidcDiff = diffOidc(plan, plan.oidc, live.oidc);
  const oidcCalls = planOidcChanges(plan, plan.oidc, oidcDiff, { adopt });
  const result: BuildPreview = { ...preview, oidcDiff, oidcCalls };
  if (preview.refusal?.code === "BUILD_PRINCIPAL_MISSING" && oidcCalls.some((c) => c.kind === "CreateRole")) {
    const asNew = diffBuild(plan, { principalArn: plan.principalArn, exists: true });
    delete result.refusal;
    result.diff = asNew;
    result.calls = planBuildChanges(plan, asNew);
  }
  if (!adopt && (oidcDiff.providerStatus === "unmanaged" || oidcDiff.role.status === "unmanaged")) {
    const what =
      oidcDiff.providerStatus === "unmanaged"
        ? `the OIDC provider ${oidcDiff.providerArn}`
        : `the BUILD role ${plan.principalArn}`;
    result.refusal = new CrossroleError(
      "UNMANAGED_ROLE",
      "invalid-input",
      `${what} exists but is not managed by crossrole (no tag ${MANAGED_TAG_KEY}=${MANAGED_TAG_VALUE}); crossrole changes nothing on it.`,
      {
        hint: "To take it over, run crossrole apply --adopt (the diff shows what adopting changes: its client ID and tag, the role's trust); crossrole never removes a provider's other client IDs.",
      },
    );
  }
  return result;
}

/** True when the keyless part (provider, BUILD role) differs from the plan or is refused. */
export function oidcDrifts(preview: BuildPreview): boolean {
  return preview.oidcDiff !== undefined && !oidcInSync(preview.oidcDiff);
}

function previewBuild(b: BuildState, options: Pick<ApplyAccessOptions, "createBuildUser">): BuildPreview {
  if (b.error !== undefined || b.live === undefined) {
    return {
      state: b,
      calls: [],
      createUser: false,
      refusal: b.error ?? new CrossroleError("NOT_READ", "internal", "not read"),
    };
  }
  const diff = diffBuild(b.plan, b.live);
  const otherInlineSize = b.live.otherInlineSize ?? 0;
  const tooMany = tooManyGrantParts(b.plan, liveGrantLayout(b.plan, otherInlineSize));
  if (tooMany !== undefined) return { state: b, diff, calls: [], createUser: false, refusal: tooMany };
  if (diff.status !== "missing-principal") {
    return {
      state: b,
      diff,
      calls: planBuildChanges(b.plan, diff, b.live.grantStorage, otherInlineSize),
      createUser: false,
    };
  }
  if (options.createBuildUser === true && b.plan.principalKind === "user") {
    // Plan the grant as for an existing user without one.
    const asNew = diffBuild(b.plan, { principalArn: b.plan.principalArn, exists: true });
    return { state: b, diff: asNew, calls: planBuildChanges(b.plan, asNew), createUser: true };
  }
  return {
    state: b,
    diff,
    calls: [],
    createUser: false,
    refusal: new AwsOperationError(
      "BUILD_PRINCIPAL_MISSING",
      `the BUILD principal ${b.plan.principalArn} does not exist, so IAM would refuse every trust policy naming it ("Invalid principal") and there is nothing to put the grant on.`,
      {
        hint:
          b.plan.principalKind === "user"
            ? "Create it (as the BUILD account admin: aws iam create-user --user-name NAME), or let crossrole create it: crossrole apply --create-build-user --key-out FILE."
            : "Create the BUILD role first (in the BUILD account), then run crossrole apply again.",
      },
    ),
  };
}

async function createBuildUser(
  b: BuildPreview,
  options: ApplyAccessOptions,
  count: () => void,
): Promise<PartOutcome> {
  const plan = b.state.plan;
  const userName = plan.principalName ?? "";
  const iam = b.state.connection?.iam as NonNullable<BuildState["connection"]>["iam"];
  const outcome: PartOutcome = {
    part: "BUILD",
    side: "build",
    status: "done",
    applied: [],
    notApplied: [],
    notes: [],
  };
  let created = false;
  let key: AccessKey | undefined;
  try {
    if (options.onAccessKey === undefined) {
      throw new UsageError(
        "--create-build-user needs somewhere to put the new access key: pass --key-out FILE.",
      );
    }
    count();
    await iam.createUser({
      userName,
      path: plan.principalPath,
      tags: { [MANAGED_TAG_KEY]: MANAGED_TAG_VALUE },
    });
    created = true;
    outcome.notes.push(`created IAM user ${plan.principalArn}`);
    count();
    key = await iam.createAccessKey(userName);
    await options.onAccessKey({ ...key, userName });
    outcome.notes.push(`created access key ${key.accessKeyId} for ${userName}`);
  } catch (error) {
    outcome.status = "failed";
    outcome.error = asCrossroleError(error);
    outcome.notes = await rollBackBuildUser(iam, plan.principalArn, userName, { created, key }, count);
  }
  return outcome;
}

/**
 * Undoes a BUILD user step that failed part way: the new key (nobody has its secret, so it is only a liability)
 * and the user itself (created by this run, used by nothing yet), so that the next run starts over and hands a key
 * over. What cannot be undone is said, with the command that does it.
 */
async function rollBackBuildUser(
  iam: NonNullable<BuildState["connection"]>["iam"],
  principalArn: string,
  userName: string,
  done: { created: boolean; key: AccessKey | undefined },
  count: () => void,
): Promise<string[]> {
  const notes: string[] = [];
  if (done.key !== undefined) {
    const id = done.key.accessKeyId;
    try {
      count();
      await iam.deleteAccessKey(userName, id);
      notes.push(`deleted the new access key ${id} again: it was never handed over`);
    } catch (error) {
      notes.push(
        `could not delete the new access key ${id}, which nobody has (${asCrossroleError(error).message}); delete it: aws iam delete-access-key --user-name ${userName} --access-key-id ${id}`,
      );
      return notes;
    }
  }
  if (done.created) {
    try {
      count();
      await iam.deleteUser(userName);
      notes.push(`deleted IAM user ${principalArn} again, so the next run creates it with a key`);
    } catch (error) {
      notes.push(
        `could not delete IAM user ${principalArn} (${asCrossroleError(error).message}); delete it (aws iam delete-user --user-name ${userName}), then run apply --create-build-user again`,
      );
    }
  }
  return notes;
}

function writesTrust(calls: readonly IamCall[]): boolean {
  return calls.some((c) => c.kind === "CreateRole" || c.kind === "UpdateAssumeRolePolicy");
}

function refusalStatus(error: CrossroleError, side: PartOutcome["side"] = "target"): PartOutcome["status"] {
  if (error.code === "UNMANAGED_ROLE") return "refused";
  if (side === "target" && (error.code === "BUILD_PRINCIPAL_MISSING" || error.code === "DEPENDENCY_FAILED")) {
    return "not-attempted";
  }
  return "failed";
}

function refusedOrUnchanged(preview: ApplyPreview): PartOutcome[] {
  const parts: Array<{
    part: string;
    side: "target" | "build";
    refusal: CrossroleError | undefined;
    calls: IamCall[];
  }> = [
    ...preview.targets.map((t) => ({
      part: t.state.plan.name,
      side: "target" as const,
      refusal: t.refusal,
      calls: t.calls,
    })),
    ...(preview.build === undefined
      ? []
      : [
          {
            part: "BUILD",
            side: "build" as const,
            refusal: preview.build.refusal,
            calls: [...(preview.build.oidcCalls ?? []), ...preview.build.calls],
          },
        ]),
  ];
  return parts.map(({ part, side, refusal, calls }) =>
    refusal === undefined
      ? { part, side, status: "unchanged", applied: [], notApplied: [], notes: [] }
      : {
          part,
          side,
          status: refusalStatus(refusal, side),
          applied: [],
          notApplied: calls,
          error: refusal,
          notes: [],
        },
  );
}

function notAttempted(preview: ApplyPreview, note: string): PartOutcome[] {
  return refusedOrUnchanged(preview).map((o, i) => {
    const calls =
      i < preview.targets.length
        ? (preview.targets[i]?.calls ?? [])
        : [...(preview.build?.oidcCalls ?? []), ...(preview.build?.calls ?? [])];
    if (o.status !== "unchanged") return o;
    return calls.length === 0 ? o : { ...o, status: "not-attempted", notApplied: calls, notes: [note] };
  });
}

/** A grant split into more managed policies than IAM attaches to one principal: refused before any write. */
function tooManyGrantParts(plan: BuildPlan, layout: GrantLayout): UsageError | undefined {
  if (layout.kind !== "managed" || layout.parts.length <= ATTACHED_POLICIES_LIMIT.max) return undefined;
  return new UsageError(
    `the BUILD grant (sts:AssumeRole on exactly the target roles) needs ${layout.parts.length} customer-managed policies of 6,144 characters, more than the ${ATTACHED_POLICIES_LIMIT.max} IAM lets one ${plan.principalKind} have attached; it was not written.`,
    {
      hint: "Split the targets across several BUILD principals (one spec each), or use shorter role names and paths.",
    },
  );
}
