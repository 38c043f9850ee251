import type { AccessPlan } from "./access-plan.js";
import { UsageError } from "./errors.js";
import { suggestKey } from "./suggest-key.js";

/**
 * Narrows a plan to the named targets (all when `names` is empty); the name of a multi-account target selects all
 * of its accounts, `GROUP-ACCOUNT` one of them. The BUILD grant keeps every target's role:
 * it is one policy for the whole spec. An unknown name is a usage error with a "did you mean".
 */
export function selectTargets(plan: AccessPlan, names: readonly string[]): AccessPlan {
  if (names.length === 0) return plan;
  const known = [
    ...new Set([
      ...plan.targets.flatMap((t) => (t.group === undefined ? [t.name] : [t.group, t.name])),
      ...(plan.organizationalUnitTargets ?? []).map((t) => t.name),
    ]),
  ];
  for (const name of names) {
    if (!known.includes(name)) {
      const near = suggestKey(name, known);
      throw new UsageError(
        `no target named "${name}" in ${plan.source}.${near === undefined ? "" : ` Did you mean "${near}"?`}`,
        { hint: `Targets in the spec: ${known.join(", ")}.` },
      );
    }
  }
  // A multi-account target's name selects each of its accounts (GROUP-ACCOUNT).
  const ous = plan.organizationalUnitTargets?.filter((t) => names.includes(t.name));
  return {
    ...plan,
    targets: plan.targets.filter(
      (t) => names.includes(t.name) || (t.group !== undefined && names.includes(t.group)),
    ),
    ...(ous === undefined ? {} : { organizationalUnitTargets: ous }),
  };
}
