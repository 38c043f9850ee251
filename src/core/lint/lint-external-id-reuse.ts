import type { AccessPlan } from "../plan/access-plan.js";
import { type LintFinding, lintFinding } from "./lint-finding.js";
import { strictExternalIds } from "./read-external-id-conditions.js";

/**
 * Security checks 3 and 16: an ExternalId must be unique per target. When one BUILD principal serves several
 * targets, a shared ID lets whoever can steer the build toward one target reach the others too (R2, R3).
 */
export function lintExternalIdReuse(plan: AccessPlan): LintFinding[] {
  const users = new Map<string, string[]>();
  for (const target of plan.targets) {
    for (const id of strictExternalIds(target.trustPolicy))
      users.set(id, [...(users.get(id) ?? []), target.name]);
  }
  return [...users].flatMap(([id, names]) =>
    names.length < 2 ? [] : names.map((name) => reuse(id, name, names)),
  );
}

// --- internal ---

function reuse(id: string, name: string, names: string[]): LintFinding {
  const others = names.filter((n) => n !== name).map((n) => `"${n}"`);
  return lintFinding(
    "external-id-reused",
    "error",
    name,
    `Target "${name}": ExternalId "${id}" is also required by target${others.length > 1 ? "s" : ""} ${others.join(", ")}: an ExternalId must be unique per target, or it no longer tells the targets apart (confused deputy).`,
    `Give target "${name}" its own ExternalId: \`crossrole init\` generates one; update the spec, apply, and set the new external_id in the build's profile for this target.`,
  );
}
