import { UsageError } from "../errors.js";
import { suggestKey } from "../suggest-key.js";
import type { AccessPlan, TargetPlan } from "./access-plan.js";

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

/**
 * The one target a single-target command (assume, exec, serve, profile) works on. A multi-account target's name
 * selects several accounts, so it is refused with the names that select one, never silently the first account.
 */
export function selectOneTarget(plan: AccessPlan, name: string): TargetPlan {
  const selected = selectTargets(plan, [name]).targets;
  const [first, ...more] = selected;
  if (first !== undefined && more.length === 0) return first;
  const accounts = selected.map((t) => t.name);
  throw new UsageError(
    accounts.length === 0
      ? `target "${name}" has no account deployed yet in ${plan.source}.`
      : `"${name}" is a multi-account target (${accounts.length} accounts); name one of its accounts.`,
    { hint: accounts.length === 0 ? "Run crossrole rollout first." : `One of: ${accounts.join(", ")}.` },
  );
}
