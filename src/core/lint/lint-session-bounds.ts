import type { AccessPlan, TargetPlan } from "../plan/access-plan.js";
import { type LintFinding, lintFinding } from "./lint-finding.js";
import { readPrincipals } from "./read-principals.js";

/** IAM's MaxSessionDuration bounds, in seconds (R7). */
export const MIN_SESSION_DURATION = 3600;
/** IAM's MaxSessionDuration maximum, in seconds (R7). */
export const MAX_SESSION_DURATION = 43200;

/**
 * Security check 7: MaxSessionDuration within IAM's bounds and at the 1-hour minimum unless needed; and, when a
 * trusted principal is a role, the 1-hour cap role chaining imposes (R8).
 */
export function lintSessionBounds(plan: AccessPlan): LintFinding[] {
  return plan.targets.flatMap((target) => [...lintDuration(target), ...lintChaining(target)]);
}

// --- internal ---

function lintDuration(target: TargetPlan): LintFinding[] {
  const seconds = target.maxSessionDuration;
  const where = `Target "${target.name}": MaxSessionDuration ${seconds} s of ${target.roleArn}`;
  if (!Number.isInteger(seconds) || seconds < MIN_SESSION_DURATION || seconds > MAX_SESSION_DURATION) {
    return [
      lintFinding(
        "session-duration-out-of-range",
        "error",
        target.name,
        `${where} is outside IAM's range of ${MIN_SESSION_DURATION}..${MAX_SESSION_DURATION} seconds (1 to 12 hours); IAM rejects it.`,
        `Set maxSessionDuration to a whole number of seconds in ${MIN_SESSION_DURATION}..${MAX_SESSION_DURATION}, or leave it out for 3600.`,
      ),
    ];
  }
  if (seconds === MIN_SESSION_DURATION) return [];
  return [
    lintFinding(
      "session-duration-long",
      "info",
      target.name,
      `${where} is above the 1-hour default: leaked session credentials stay valid longer. Role chaining caps sessions at 1 h, so a larger value only helps callers that are not themselves role sessions.`,
      "Keep 3600 unless builds run longer than an hour from IAM-user or EC2 instance-role credentials.",
    ),
  ];
}

function lintChaining(target: TargetPlan): LintFinding[] {
  const roles = target.trustPolicy.Statement.filter((s) => s.Effect === "Allow")
    .flatMap((s) => readPrincipals(s.Principal))
    .filter((p) => p.type === "AWS" && /^arn:[^:]+:iam::\d{12}:role\//.test(p.value))
    .map((p) => p.value);
  const unique = [...new Set(roles)];
  if (unique.length === 0) return [];
  return [
    lintFinding(
      "session-chaining-cap",
      "info",
      target.name,
      `Target "${target.name}": the trusted principal ${unique.join(", ")} is a role, so builds call AssumeRole from a role session and each session of ${target.roleArn} lasts at most 1 hour (role chaining). EC2 instance roles are exempt; crossrole cannot tell offline which kind this is.`,
      "For builds longer than an hour, re-assume the role before the session expires (the AWS CLI profile with role_arn does this on its own).",
    ),
  ];
}
