import { describeIamCall, type IamCall } from "../core/diff/iam-call.js";
import type { LiveTargetState } from "../core/diff/live-state.js";
import type { TargetDestroyPlan } from "../core/diff/plan-destroy.js";
import type { CrossroleError } from "../core/errors.js";
import type { BuildPlan, TargetPlan } from "../core/plan/access-plan.js";
import { markDiffLine, plainStyle, type Style } from "./style.js";

/** What the destroy preview renderer takes (the destroy workflow's preview has this shape). */
export interface DestroyView {
  targets: Array<{
    state: { plan: TargetPlan; live?: LiveTargetState; error?: CrossroleError };
    plan?: TargetDestroyPlan;
  }>;
  build?: { state: { plan: BuildPlan; error?: CrossroleError }; calls: IamCall[] };
}

/** Lists, per target and for BUILD, the IAM deletions `crossrole destroy` will make and what it keeps, and why. */
export function renderDestroyPreview(preview: DestroyView, style: Style = plainStyle): string {
  const lines: string[] = [];
  for (const t of preview.targets) {
    const plan = t.state.plan;
    lines.push(style.strong(`target ${plan.name}: ${plan.roleArn}`));
    if (t.state.error !== undefined) lines.push(`  ! could not be read: ${t.state.error.message}`);
    else if (t.state.live?.role === undefined) lines.push("  = role does not exist: nothing to remove");
    for (const call of t.plan?.calls ?? []) lines.push(`  - ${describeIamCall(call)}`);
    for (const kept of t.plan?.kept ?? []) lines.push(`  note: ${kept}`);
  }
  if (preview.build !== undefined) {
    const b = preview.build;
    lines.push(style.strong(`BUILD ${b.state.plan.principalArn}`));
    if (b.state.error !== undefined) lines.push(`  ! could not be read: ${b.state.error.message}`);
    else if (b.calls.length === 0) lines.push("  = no crossrole grant to remove");
    for (const call of b.calls) {
      lines.push(`  ${call.kind.startsWith("Delete") ? "-" : "~"} ${describeIamCall(call)}`);
    }
    lines.push("  note: the BUILD principal itself is kept");
  }
  return `${lines.map((l) => markDiffLine(l, style)).join("\n")}\n`;
}
