import { planOidcDestroy } from "../core/diff/diff-oidc.js";
import type { IamCall } from "../core/diff/iam-call.js";
import type { PartOutcome } from "../core/diff/part-outcome.js";
import { planBuildDestroy, planTargetDestroy, type TargetDestroyPlan } from "../core/diff/plan-destroy.js";
import { asReadFailure } from "../core/errors.js";
import { MANAGED_TAG_KEY, MANAGED_TAG_VALUE } from "../core/plan/access-plan.js";
import { buildGrantPolicy } from "../core/plan/build-grant-policy.js";
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

/** Options of {@link destroyAccess}. */
export interface DestroyAccessOptions {
  file: string;
  targets?: readonly string[];
  side: Side;
  connect: ConnectSide;
  dryRun?: boolean;
  /** Asked once before the first write; false declines. Not called when there is nothing to remove. */
  confirm: (preview: DestroyPreview) => Promise<boolean>;
  onProgress?: (event: { part: string; phase: "start" | "finish"; outcome?: PartOutcome }) => void;
  concurrency?: number;
}

/** What destroy will remove, and keep, per part. */
export interface DestroyPreview {
  state: AccessState;
  targets: Array<{ state: TargetState; plan?: TargetDestroyPlan }>;
  /** `kept`: keyless builds, why the BUILD role or the OIDC provider stays. */
  build?: { state: BuildState; calls: IamCall[]; kept?: string[] };
  totalCalls: number;
}

/** The result of a destroy. */
export interface DestroyResult {
  preview: DestroyPreview;
  executed: boolean;
  outcomes: PartOutcome[];
  writeCalls: number;
}

/**
 * `crossrole destroy`: removes only what crossrole created. Per target role tagged managed-by=crossrole: its inline
 * policy crossrole-permissions, the spec's managed-policy attachments, then the role (kept, with the reason, when
 * something crossrole did not put there remains on it). Roles without the tag are not touched. On BUILD, this
 * spec's part of the grant (crossrole-assume-targets[-NAME]) shrinks to the remaining targets, or is deleted when
 * none remain; other specs' parts and the BUILD principal itself always stay. Targets are destroyed first, in parallel, then BUILD.
 */
export async function destroyAccess(options: DestroyAccessOptions): Promise<DestroyResult> {
  const state = await readAccessState(options);
  await readProviderTrusts(state);
  const preview = previewDestroy(state);
  const result: DestroyResult = { preview, executed: false, outcomes: [], writeCalls: 0 };
  const parts = partsOf(preview);
  if (preview.totalCalls === 0 || options.dryRun === true || !(await options.confirm(preview))) {
    result.outcomes = parts.map((p) => ({
      part: p.part,
      side: p.side,
      status: p.error !== undefined ? "failed" : p.calls.length === 0 ? "unchanged" : "not-attempted",
      applied: [],
      notApplied: p.calls,
      ...(p.error === undefined ? {} : { error: p.error }),
      notes: p.notes,
    }));
    return result;
  }
  result.executed = true;
  const count = () => {
    result.writeCalls++;
  };
  const run = async (p: (typeof parts)[number]): Promise<PartOutcome> => {
    options.onProgress?.({ part: p.part, phase: "start" });
    const outcome =
      p.error !== undefined
        ? {
            part: p.part,
            side: p.side,
            status: "failed" as const,
            applied: [],
            notApplied: [],
            error: p.error,
            notes: [],
          }
        : await runPartCalls(p, p.iam as NonNullable<TargetState["connection"]>["iam"], p.calls, {
            onWrite: count,
          });
    outcome.notes.push(...p.notes);
    options.onProgress?.({ part: p.part, phase: "finish", outcome });
    return outcome;
  };
  const targetParts = parts.filter((p) => p.side === "target");
  result.outcomes.push(...(await mapBounded(targetParts, options.concurrency ?? DEFAULT_CONCURRENCY, run)));
  for (const p of parts.filter((x) => x.side === "build")) result.outcomes.push(await run(p));
  return result;
}

/** Plans the removal from what was read, without writing. */
export function previewDestroy(state: AccessState): DestroyPreview {
  const targets = state.targets.map((t) =>
    t.live === undefined ? { state: t } : { state: t, plan: planTargetDestroy(t.plan, t.live) },
  );
  let build: DestroyPreview["build"];
  if (state.build !== undefined) {
    const b = state.build;
    const destroyed = new Set(state.plan.targets.map((t) => t.name));
    const remaining = state.fullPlan.targets.filter((t) => !destroyed.has(t.name));
    const calls =
      b.live === undefined
        ? []
        : planBuildDestroy(b.plan, b.live, remaining.length === 0 ? undefined : buildGrantPolicy(remaining));
    build = { state: b, calls };
    // Keyless builds: with the whole spec destroyed, the BUILD role and (if no other role trusts it) the provider.
    const oidc = b.live?.oidc;
    if (b.plan.oidc !== undefined && oidc !== undefined && remaining.length === 0) {
      const removed = planOidcDestroy(
        b.plan.oidc,
        oidc,
        calls.flatMap((c) => (c.kind === "DeleteRolePolicy" ? [c.policyName] : [])),
        calls.flatMap((c) => (c.kind === "DetachRolePolicy" ? [c.policyArn] : [])),
        oidc.trustingRoles ?? [],
      );
      build = { state: b, calls: [...calls, ...removed.calls], kept: removed.kept };
    }
  }
  const totalCalls =
    targets.reduce((n, t) => n + (t.plan?.calls.length ?? 0), 0) +
    (build === undefined ? 0 : build.calls.length);
  return { state, targets, ...(build === undefined ? {} : { build }), totalCalls };
}

// --- internal ---

/** Keyless builds: which roles trust crossrole's provider (destroy deletes it only when none but its own does). */
async function readProviderTrusts(state: AccessState): Promise<void> {
  const b = state.build;
  const oidc = b?.live?.oidc;
  if (b?.plan.oidc === undefined || oidc?.provider === undefined || b.connection === undefined) return;
  if (oidc.provider.tags[MANAGED_TAG_KEY] !== MANAGED_TAG_VALUE) return;
  try {
    oidc.trustingRoles = await b.connection.iam.listRolesTrustingFederated(b.plan.oidc.providerArn);
  } catch (error) {
    b.error = asReadFailure(error);
  }
}

function partsOf(preview: DestroyPreview) {
  return [
    ...preview.targets.map((t) => ({
      part: t.state.plan.name,
      side: "target" as const,
      iam: t.state.connection?.iam,
      calls: t.plan?.calls ?? [],
      error: t.state.error,
      notes: t.plan?.kept ?? [],
    })),
    ...(preview.build === undefined
      ? []
      : [
          {
            part: "BUILD",
            side: "build" as const,
            iam: preview.build.state.connection?.iam,
            calls: preview.build.calls,
            error: preview.build.state.error,
            notes: [
              ...(preview.build.calls.some((c) => c.kind === "DeleteRole")
                ? []
                : [`the BUILD principal ${preview.build.state.plan.principalArn} itself is kept`]),
              ...(preview.build.kept ?? []),
              ...(preview.build.state.live?.otherGrants ?? []).map(
                (g) =>
                  `kept: the crossrole grant of ${g.specName === undefined ? "an unnamed spec" : `spec '${g.specName}'`} (${g.policies.join(", ")}), not this spec's`,
              ),
            ],
          },
        ]),
  ];
}
