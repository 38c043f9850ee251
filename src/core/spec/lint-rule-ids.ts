/**
 * Every rule id the security lint reports, with the most severe level it reports it at: the spec's
 * `lint.ignore` accepts these ids only (an unknown one is a spec error with a did-you-mean), and a rule that can
 * report an error is acknowledged only with a reason. In core/spec, before core/lint, because the spec's schema
 * checks `lint.ignore`; `lintFinding` takes a {@link LintRuleId}, so the compiler keeps this list complete.
 */
export const LINT_RULE_MAX_SEVERITY = {
  "confused-deputy-single-target": "info",
  "external-id-invalid": "error",
  "external-id-low-entropy": "warning",
  "external-id-missing": "error",
  "external-id-reused": "error",
  "external-id-short": "warning",
  "external-id-too-many": "warning",
  "external-id-weak-operator": "error",
  "grant-action-extra": "warning",
  "grant-missing-session-action": "warning",
  "grant-missing-target": "error",
  "grant-needs-policy-quota": "warning",
  "grant-resource-unknown": "warning",
  "grant-resource-wildcard": "error",
  "grant-too-many-policies": "error",
  "oidc-audience-missing": "warning",
  "oidc-audience-unusual": "warning",
  "oidc-session-over-chaining-cap": "warning",
  "oidc-stringlike-without-wildcard": "warning",
  "oidc-sub-wildcard-too-broad": "error",
  "oidc-trust-without-sub": "error",
  "partition-mismatch": "error",
  "permission-action-wildcard": "error",
  "permission-managed-admin": "error",
  "permission-none": "info",
  "permission-not-action": "warning",
  "permission-not-resource": "warning",
  "permission-privilege-escalation": "error",
  "permission-resource-wildcard": "error",
  "permission-s3-whole-bucket": "warning",
  "session-chaining-cap": "info",
  "session-duration-long": "info",
  "session-duration-out-of-range": "error",
  "trust-action-unexpected": "error",
  "trust-action-wildcard": "error",
  "trust-cross-account-without-external-id": "error",
  "trust-deny-only": "info",
  "trust-not-action": "error",
  "trust-not-principal": "error",
  "trust-policy-near-limit": "warning",
  "trust-policy-too-large": "error",
  "trust-principal-account": "warning",
  "trust-principal-federated": "warning",
  "trust-principal-foreign-account": "warning",
  "trust-principal-service": "warning",
  "trust-principal-session": "warning",
  "trust-principal-unique-id": "warning",
  "trust-principal-wildcard": "error",
  "trust-resource": "error",
  "trust-session-action-external-id": "warning",
} as const satisfies Record<string, "error" | "warning" | "info">;

/** A lint rule id, e.g. `confused-deputy-single-target`. */
export type LintRuleId = keyof typeof LINT_RULE_MAX_SEVERITY;

/** Every rule id, sorted. */
export const LINT_RULE_IDS = Object.keys(LINT_RULE_MAX_SEVERITY).sort() as LintRuleId[];

/** Whether `id` is a rule the lint reports. */
export function isLintRuleId(id: unknown): id is LintRuleId {
  return typeof id === "string" && Object.hasOwn(LINT_RULE_MAX_SEVERITY, id);
}
