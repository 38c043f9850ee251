/**
 * crossrole as a library: the use cases (workflows) and the pure core they are built on. The CLI is a thin layer
 * over exactly these functions; workflows take their AWS ports and I/O as options, so a caller chooses
 * credentials, region and endpoints.
 */

// Describe and review (offline)
export type { AccessPlan, BuildPlan, TargetPlan } from "./core/access-plan.js";
export { buildAccessPlan } from "./core/build-access-plan.js";
export { CrossroleError, type ErrorKind, SpecError, type SpecIssue } from "./core/errors.js";
export { generateExternalId } from "./core/generate-external-id.js";
export type { LintFinding } from "./core/lint/lint-finding.js";
export { lintPlan } from "./core/lint/lint-plan.js";
export { parseSpec } from "./core/parse-spec.js";
export type { PolicyDocument, PolicyStatement } from "./core/policy-document.js";
export { type AccessSpec, specSchema, type TargetSpec } from "./core/spec-schema.js";
export type { TemporaryCredentials } from "./core/temporary-credentials.js";
// Use (BUILD credentials)
export { formatEnv } from "./outputs/format-env.js";
export { renderCloudFormation } from "./outputs/render-cloudformation.js";
export { renderPlanJson } from "./outputs/render-plan-json.js";
export { renderTerraform } from "./outputs/render-terraform.js";
// Provision and control (admin credentials)
export { applyAccess, previewApply } from "./workflows/apply-access.js";
export { assumeTarget } from "./workflows/assume-target.js";
export { configureFromEnv } from "./workflows/configure-from-env.js";
export { destroyAccess, previewDestroy } from "./workflows/destroy-access.js";
export { diffAccessLive } from "./workflows/diff-access-live.js";
export { ecrLogin } from "./workflows/ecr-login.js";
export { ecrLogout } from "./workflows/ecr-logout.js";
export { initSpec } from "./workflows/init-spec.js";
export { loadSpec, resolveSpecPath } from "./workflows/load-spec.js";
export { planAccess } from "./workflows/plan-access.js";
export { revokeSessions } from "./workflows/revoke-sessions.js";
export { rolloutStackSets } from "./workflows/rollout-stackset.js";
export { rotateBuildKey } from "./workflows/rotate-build-key.js";
export { rotateExternalId } from "./workflows/rotate-external-id.js";
export { serveCredentials } from "./workflows/serve-credentials.js";
export { verifyAccess } from "./workflows/verify-access.js";
export { removeProfile, writeProfile } from "./workflows/write-profile.js";
