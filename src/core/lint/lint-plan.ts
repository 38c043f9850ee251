import type { AccessPlan } from "../plan/access-plan.js";
import { lintBuildGrant } from "./lint-build-grant.js";
import { lintConfusedDeputy } from "./lint-confused-deputy.js";
import { lintExternalId } from "./lint-external-id.js";
import { lintExternalIdReuse } from "./lint-external-id-reuse.js";
import { compareFindings, type LintFinding, type LintRule } from "./lint-finding.js";
import { lintGrantSize } from "./lint-grant-size.js";
import { lintOidc } from "./lint-oidc-trust.js";
import { lintPartition } from "./lint-partition.js";
import { lintPermissions } from "./lint-permissions.js";
import { lintSessionBounds } from "./lint-session-bounds.js";
import { lintTrustPrincipal } from "./lint-trust-principal.js";
import { lintTrustShape } from "./lint-trust-shape.js";
import { lintTrustSize } from "./lint-trust-size.js";

/** Every rule family, in no particular order: findings are sorted afterwards. */
export const LINT_RULES: readonly LintRule[] = [
  lintTrustPrincipal,
  lintExternalId,
  lintExternalIdReuse,
  lintTrustShape,
  lintBuildGrant,
  lintPermissions,
  lintSessionBounds,
  lintTrustSize,
  lintGrantSize,
  lintConfusedDeputy,
  lintPartition,
  lintOidc,
];

/**
 * The security lint (`crossrole lint`): static checks 1–8 and 16 of the project's AWS rules, run on the plan's
 * documents (trust, permission and grant policies, MaxSessionDuration), never on the spec, so the same lint
 * reviews documents read back from AWS. Findings come sorted: severity, target (BUILD side first), rule id.
 */
export function lintPlan(plan: AccessPlan): LintFinding[] {
  return LINT_RULES.flatMap((rule) => rule(plan)).sort(compareFindings);
}
