import { EXTERNAL_ID } from "../identifiers/aws-patterns.js";
import type { AccessPlan, TargetPlan } from "../plan/access-plan.js";
import type { PolicyStatement } from "../plan/policy-document.js";
import { describeStatement } from "./describe-statement.js";
import { estimateEntropyBits, looksLikeWords } from "./estimate-entropy-bits.js";
import { type LintFinding, lintFinding } from "./lint-finding.js";
import {
  type ExternalIdCondition,
  readExternalIdConditions,
  STRICT_OPERATOR,
  strictExternalIds,
} from "./read-external-id-conditions.js";
import { readPrincipals } from "./read-principals.js";
import { statementAllowsAction } from "./statement-allows-action.js";

/** Below this many characters an ExternalId draws a warning. */
export const MIN_EXTERNAL_ID_LENGTH = 32;
/** Below this estimate (see estimateEntropyBits) an ExternalId draws a warning. */
export const MIN_EXTERNAL_ID_BITS = 96;
/** Two values allow a rotation window; more is an old value never removed. */
export const MAX_EXTERNAL_IDS = 2;

const GENERATE =
  "Generate a new one with `crossrole init` (40 random characters), put it in the spec as the target's externalId, apply, then update the build's external_id.";

/**
 * Security checks 2 and 3 on each trust policy: every Allow statement that lets AWS principals call sts:AssumeRole
 * must require the ExternalId with a plain `StringEquals` (a statement of only sts:TagSession /
 * sts:SetSourceIdentity cannot: their request context has no `sts:ExternalId`, and they admit nobody without an
 * AssumeRole); the values must be valid (R1), hard to guess, and at most two
 * (rotation). Reuse across targets is {@link lintExternalIdReuse}'s job.
 */
export function lintExternalId(plan: AccessPlan): LintFinding[] {
  return plan.targets.flatMap((target) => [
    ...target.trustPolicy.Statement.flatMap((s, i) => lintStatement(target, s, i)),
    ...lintValues(target),
  ]);
}

// --- internal ---

function lintStatement(target: TargetPlan, statement: PolicyStatement, i: number): LintFinding[] {
  if (statement.Effect !== "Allow" || !usableByAwsPrincipals(statement) || !allowsAssumeRole(statement))
    return [];
  const where = `Target "${target.name}": trust policy ${describeStatement(statement, i)} of ${target.roleArn}`;
  const conditions = readExternalIdConditions(statement);
  if (conditions.length === 0) {
    return [
      lintFinding(
        "external-id-missing",
        "error",
        target.name,
        `${where} allows sts:AssumeRole without an sts:ExternalId condition: anyone who can make the BUILD principal act for them reaches this role (confused deputy).`,
        `Add an externalId to target "${target.name}" in the spec (\`crossrole init\` generates one), apply, and send it on every AssumeRole (external_id in ~/.aws/config).`,
      ),
    ];
  }
  if (conditions.some((c) => c.operator === STRICT_OPERATOR)) return [];
  return conditions.map((c) => weakOperatorFinding(target, where, c));
}

/** Statements an IAM user or role can use: an AWS or `*` principal, or NotPrincipal. */
function usableByAwsPrincipals(statement: PolicyStatement): boolean {
  if (statement.NotPrincipal !== undefined) return true;
  return readPrincipals(statement.Principal).some((p) => p.type === "AWS" || p.type === "*");
}

/** Whether the statement's actions include sts:AssumeRole (a wildcard or a NotAction that leaves it may). */
function allowsAssumeRole(statement: PolicyStatement): boolean {
  return statementAllowsAction(statement, "sts:AssumeRole");
}

function weakOperatorFinding(target: TargetPlan, where: string, condition: ExternalIdCondition): LintFinding {
  return lintFinding(
    "external-id-weak-operator",
    "error",
    target.name,
    `${where} checks sts:ExternalId with ${condition.operator} ${JSON.stringify(condition.values)}: ${weakness(condition.operator)}`,
    `Use {"StringEquals": {"sts:ExternalId": "<the id>"}}, the only form that requires the exact ID (crossrole generates it).`,
  );
}

function weakness(operator: string): string {
  const op = operator.toLowerCase();
  if (op.endsWith("ifexists")) return "…IfExists is true when the caller sends no ExternalId at all.";
  if (op.startsWith("forallvalues:"))
    return "ForAllValues: is true when the caller sends no ExternalId at all.";
  if (op.startsWith("foranyvalue:"))
    return "a set operator on a single-valued key; it is not the documented form.";
  if (op === "null") return "Null only tests whether an ExternalId is present, not which one.";
  if (op.includes("not")) return "a negated operator accepts every other ExternalId, and a missing one.";
  if (op.includes("ignorecase")) return "it accepts case variants of the ID.";
  if (op.includes("like")) return "StringLike matches * and ? wildcards, so more than one ID passes.";
  return "only StringEquals requires the exact ID.";
}

function lintValues(target: TargetPlan): LintFinding[] {
  const values = strictExternalIds(target.trustPolicy);
  const findings = values.flatMap((value) => lintValue(target, value));
  if (values.length > MAX_EXTERNAL_IDS) {
    findings.push(
      lintFinding(
        "external-id-too-many",
        "warning",
        target.name,
        `Target "${target.name}": the trust policy of ${target.roleArn} accepts ${values.length} ExternalIds (${values.join(", ")}); two cover a rotation window, more means an old ID was never removed.`,
        "Keep the current ID and, while builds switch over, the previous one; remove the others.",
      ),
    );
  }
  return findings;
}

function lintValue(target: TargetPlan, value: string): LintFinding[] {
  const where = `Target "${target.name}": ExternalId "${value}" of ${target.roleArn}`;
  if (!EXTERNAL_ID.test(value)) {
    return [
      lintFinding(
        "external-id-invalid",
        "error",
        target.name,
        `${where} is not a valid ExternalId: STS accepts 2 to 1224 characters of letters, digits and _ + = , . @ : / -, so AssumeRole with it fails.`,
        GENERATE,
      ),
    ];
  }
  const wordy = looksLikeWords(value);
  if (value.length < MIN_EXTERNAL_ID_LENGTH) {
    const why = wordy ? " and reads like words" : "";
    return [
      lintFinding(
        "external-id-short",
        "warning",
        target.name,
        `${where} has ${value.length} characters (fewer than ${MIN_EXTERNAL_ID_LENGTH})${why}: easy to guess or to reuse by accident for another target.`,
        GENERATE,
      ),
    ];
  }
  const bits = Math.round(estimateEntropyBits(value));
  if (!wordy && bits >= MIN_EXTERNAL_ID_BITS) return [];
  return [
    lintFinding(
      "external-id-low-entropy",
      "warning",
      target.name,
      `${where} ${wordy ? "reads like words" : `has low entropy (about ${bits} bits)`}: a typed ID is easy to guess and likely to be reused.`,
      GENERATE,
    ),
  ];
}
