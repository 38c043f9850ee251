/**
 * crossrole as a library: the use cases (workflows) and the pure core they are built on. The CLI is a thin layer
 * over exactly these functions; workflows take their AWS ports and I/O as options, so a caller chooses
 * credentials, region and endpoints.
 */

export { CrossroleError, type ErrorKind, SpecError, type SpecIssue } from "./core/errors.js";
export type { LintFinding } from "./core/lint/lint-finding.js";
export { lintPlan } from "./core/lint/lint-plan.js";
// Describe and review (offline)
export type { AccessPlan, BuildPlan, TargetPlan } from "./core/plan/access-plan.js";
export { buildAccessPlan } from "./core/plan/build-access-plan.js";
export { generateExternalId } from "./core/plan/generate-external-id.js";
export type { PolicyDocument, PolicyStatement } from "./core/plan/policy-document.js";
export type { TemporaryCredentials } from "./core/session/temporary-credentials.js";
export { parseSpec } from "./core/spec/parse-spec.js";
export { type AccessSpec, specSchema, type TargetSpec } from "./core/spec/spec-schema.js";
// Use (BUILD credentials)
export { formatEnv } from "./outputs/format-env.js";
export { renderCloudFormation } from "./outputs/render-cloudformation.js";
export { renderPlanJson } from "./outputs/render-plan-json.js";
export { renderTerraform } from "./outputs/render-terraform.js";
export { resolveSpecPath } from "./outputs/spec-file/resolve-spec-path.js";
// Provision and control (admin credentials)
export { applyAccess, previewApply } from "./workflows/apply-access.js";
export { assumeTarget } from "./workflows/assume-target.js";
export { configureFromEnv } from "./workflows/configure-from-env.js";
export { destroyAccess, previewDestroy } from "./workflows/destroy-access.js";
export { diffAccessLive } from "./workflows/diff-access-live.js";
export { ecrLogin } from "./workflows/ecr-login.js";
export { ecrLogout } from "./workflows/ecr-logout.js";
export { initSpec } from "./workflows/init-spec.js";
export { loadSpec } from "./workflows/load-spec.js";
export { planAccess } from "./workflows/plan-access.js";
export { revokeSessions } from "./workflows/revoke-sessions.js";
export { rolloutStackSets } from "./workflows/rollout-stackset.js";
export { rotateBuildKey } from "./workflows/rotate-build-key.js";
export { rotateExternalId } from "./workflows/rotate-external-id.js";
export { serveCredentials } from "./workflows/serve-credentials.js";
export { verifyAccess } from "./workflows/verify-access.js";
export { removeProfile, writeProfile } from "./workflows/write-profile.js";
