import type { AccessSpec, TargetSpec } from "../spec/spec-schema.js";
import type { TargetPlan } from "./access-plan.js";

/**
 * The spec entry a planned target comes from: its own name, or for one account of a multi-account target
 * (`GROUP-ACCOUNT`) the group's entry. Use this, never `spec.targets[plan.name]`, which is undefined for the
 * accounts of a group. Pure.
 */
export function specTargetOf(
  spec: AccessSpec,
  target: Pick<TargetPlan, "name" | "group">,
): TargetSpec | undefined {
  return spec.targets[target.group ?? target.name];
}
