/**
 * crossrole as a library: the use cases (workflows) and the pure core they are built on. The CLI is a thin layer
 * over exactly these functions.
 */
export type { AccessPlan, BuildPlan, TargetPlan } from "./core/access-plan.js";
export { buildAccessPlan } from "./core/build-access-plan.js";
export { CrossroleError, type ErrorKind, SpecError, type SpecIssue } from "./core/errors.js";
export { generateExternalId } from "./core/generate-external-id.js";
export type { LintFinding } from "./core/lint/lint-finding.js";
export { lintPlan } from "./core/lint/lint-plan.js";
export { parseSpec } from "./core/parse-spec.js";
export type { PolicyDocument, PolicyStatement } from "./core/policy-document.js";
export { type AccessSpec, specSchema, type TargetSpec } from "./core/spec-schema.js";
export { renderCloudFormation } from "./outputs/render-cloudformation.js";
export { renderPlanJson } from "./outputs/render-plan-json.js";
export { renderTerraform } from "./outputs/render-terraform.js";
export { initSpec } from "./workflows/init-spec.js";
export { loadSpec, resolveSpecPath } from "./workflows/load-spec.js";
export { planAccess } from "./workflows/plan-access.js";
