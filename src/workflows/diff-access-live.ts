import type { CrossroleError } from "../core/errors.js";
import { type ApplyPreview, oidcDrifts, previewApply } from "./apply-access.js";
import type { ConnectSide, Side } from "./connect-side.js";
import { readAccessState } from "./read-access-state.js";

/** Options of {@link diffAccessLive}. */
export interface DiffAccessLiveOptions {
  file: string;
  targets?: readonly string[];
  side: Side;
  connect: ConnectSide;
  concurrency?: number;
}

/** The result of `crossrole diff`. */
export interface DiffAccessLiveResult {
  /** Per target and BUILD: the semantic diff and the calls `crossrole apply` would make. */
  preview: ApplyPreview;
  /** True when some live state differs from the spec (a missing role, an unmanaged role, any field). */
  drift: boolean;
  /** The parts that drift (target names, `GROUP-ACCOUNT` for an account of a group, or `BUILD`), in order. */
  drifting: string[];
  /** Parts that could not be read (AccessDenied, …), with why. */
  failures: Array<{ part: string; error: CrossroleError }>;
}

/**
 * `crossrole diff`: reads live state (read-only IAM calls) and compares it semantically with the spec: trust
 * principals, ExternalId values, actions, resources, conditions, extra statements, MaxSessionDuration, description,
 * crossrole's tags, the permission policy, managed-policy attachments, raw unique-ID principals and the BUILD grant.
 */
export async function diffAccessLive(options: DiffAccessLiveOptions): Promise<DiffAccessLiveResult> {
  // Read-only: an account whose credentials fail is reported with the others, not fatal.
  const state = await readAccessState({ ...options, connectFailures: "per-part" });
  const preview = previewApply(state, {});
  const failures: DiffAccessLiveResult["failures"] = [];
  const drifting: string[] = [];
  for (const t of preview.targets) {
    if (t.state.error !== undefined) failures.push({ part: t.state.plan.name, error: t.state.error });
    else if (t.diff !== undefined && t.diff.status !== "in-sync") drifting.push(t.state.plan.name);
  }
  const b = preview.build;
  if (b?.state.error !== undefined) failures.push({ part: "BUILD", error: b.state.error });
  else if (
    b !== undefined &&
    ((b.diff !== undefined && b.diff.status !== "in-sync" && b.diff.status !== "not-applicable") ||
      oidcDrifts(b))
  )
    drifting.push("BUILD");
  return { preview, drift: drifting.length > 0, drifting, failures };
}
