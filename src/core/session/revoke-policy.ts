import { POLICY_VERSION, type PolicyDocument, toList } from "../plan/policy-document.js";

/**
 * The "revoke active sessions" policy (aws-rules.md R19): the inline policy AWS's console puts on a role, denying
 * everything to sessions issued before a cutoff. Long-term IAM user keys have no aws:TokenIssueTime, so it never
 * touches them (R20).
 */

/** The inline policy name the AWS console uses; crossrole uses the same, so both refresh one policy. */
export { REVOKE_POLICY_NAME } from "../plan/access-plan.js";

/**
 * The policy document: Deny `*` on `*` when `aws:TokenIssueTime` is before `cutoff`, exactly as the console
 * writes it.
 *
 * @example
 * buildRevokePolicy(new Date("2026-11-27T10:00:00.000Z"))
 * // {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["*"],"Resource":["*"],
 * //   "Condition":{"DateLessThan":{"aws:TokenIssueTime":"2026-11-27T10:00:00.000Z"}}}]}
 */
export function buildRevokePolicy(cutoff: Date): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Effect: "Deny",
        Action: ["*"],
        Resource: ["*"],
        Condition: { DateLessThan: { "aws:TokenIssueTime": cutoff.toISOString() } },
      },
    ],
  };
}

/**
 * The cutoff of a revoke policy read back from IAM: the latest `DateLessThan aws:TokenIssueTime` of a Deny-all
 * statement, or undefined when the document is not a revoke policy (check 14: confirm it exists with a timestamp
 * at or after the revoke time).
 */
export function readRevokeCutoff(document: PolicyDocument | undefined): Date | undefined {
  let latest: Date | undefined;
  for (const statement of document?.Statement ?? []) {
    if (statement.Effect !== "Deny") continue;
    if (!toList(statement.Action).includes("*") || !toList(statement.Resource).includes("*")) continue;
    for (const value of toList(statement.Condition?.DateLessThan?.["aws:TokenIssueTime"])) {
      const date = new Date(String(value));
      if (!Number.isNaN(date.getTime()) && (latest === undefined || date > latest)) latest = date;
    }
  }
  return latest;
}
