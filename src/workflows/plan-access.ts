import { type AcknowledgedFinding, acknowledgeFindings } from "../core/lint/acknowledge-findings.js";
import type { LintFinding } from "../core/lint/lint-finding.js";
import { lintPlan } from "../core/lint/lint-plan.js";
import type { AccessPlan } from "../core/plan/access-plan.js";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import { selectTargets } from "../core/plan/select-targets.js";
import { loadSpec } from "./load-spec.js";

export interface PlanAccessOptions {
  /** Path of the access spec. */
  file: string;
  /** Only these targets (all when empty). */
  targets?: readonly string[];
  /**
   * `plan --region`: plan as if the spec named this region, at the top and for every target (it is written into
   * the plan's targets, the Terraform providers, and decides the partition of every ARN).
   */
  region?: string | undefined;
}

export interface PlanAccessResult {
  plan: AccessPlan;
  /** Lint findings for the selected targets and for the BUILD side, without those the spec acknowledges. */
  findings: LintFinding[];
  /** The findings the spec's `lint.ignore` acknowledges (not reported, not failing). */
  acknowledged: AcknowledgedFinding[];
}

/**
 * Reads an access spec and derives, offline, the IAM documents each account needs, reviewed by the security lint.
 * Lint runs on the whole spec (reuse of an ExternalId across targets is only visible there), then findings are
 * narrowed to the selected targets and split by the spec's `lint.ignore`.
 */
export async function planAccess(options: PlanAccessOptions): Promise<PlanAccessResult> {
  const loaded = await loadSpec(options.file);
  const { file } = loaded;
  const region = options.region;
  const spec =
    region === undefined
      ? loaded.spec
      : {
          ...loaded.spec,
          region,
          targets: Object.fromEntries(
            Object.entries(loaded.spec.targets).map(([name, t]) => [name, { ...t, region }]),
          ),
        };
  const full = buildAccessPlan(spec, file);
  const plan = selectTargets(full, options.targets ?? []);
  const selected = new Set(plan.targets.map((t) => t.name));
  const all = lintPlan(full).filter((f) => f.target === undefined || selected.has(f.target));
  const { findings, acknowledged } = acknowledgeFindings(all, spec, full);
  return { plan, findings, acknowledged };
}
