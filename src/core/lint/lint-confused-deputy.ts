import type { AccessPlan, TargetPlan } from "../plan/access-plan.js";
import { type LintFinding, lintFinding } from "./lint-finding.js";
import { strictExternalIds } from "./read-external-id-conditions.js";
import { readPrincipals } from "./read-principals.js";

/**
 * Security check 16: the confused-deputy posture of the BUILD principal. When a principal serves several targets,
 * unique ExternalIds are what keeps them apart (missing or shared IDs are errors of other rules). When it serves
 * a single target, the ExternalId is defence in depth: AWS does not require one between accounts of the same
 * company (R3). crossrole cannot see offline whether the accounts share an organization, so this only informs.
 */
export function lintConfusedDeputy(plan: AccessPlan): LintFinding[] {
  const servedBy = new Map<string, Set<string>>();
  for (const target of plan.targets) {
    for (const principal of awsPrincipals(target)) {
      servedBy.set(principal, (servedBy.get(principal) ?? new Set()).add(target.name));
    }
  }
  return plan.targets.flatMap((target) => {
    const principals = awsPrincipals(target);
    const alone = principals.length > 0 && principals.every((p) => servedBy.get(p)?.size === 1);
    return alone && strictExternalIds(target.trustPolicy).length > 0 ? [single(target, principals)] : [];
  });
}

// --- internal ---

function awsPrincipals(target: TargetPlan): string[] {
  const values = target.trustPolicy.Statement.filter((s) => s.Effect === "Allow")
    .flatMap((s) => readPrincipals(s.Principal))
    .filter((p) => p.type === "AWS" && p.value !== "*")
    .map((p) => p.value);
  return [...new Set(values)];
}

function single(target: TargetPlan, principals: string[]): LintFinding {
  return lintFinding(
    "confused-deputy-single-target",
    "info",
    target.name,
    `Target "${target.name}": ${principals.join(", ")} assumes only this target's role, so its ExternalId is defence in depth. If the BUILD and target accounts belong to one company or organization, AWS does not require an ExternalId there; it is what protects a build principal that serves several targets or tenants. crossrole cannot tell offline whether the accounts share an organization.`,
    "Nothing to change. Keep the ExternalId, and give every target you add an ExternalId of its own.",
  );
}
