import { type PolicyStatement, toList } from "../plan/policy-document.js";
import { matchesIamPattern } from "./match-iam-pattern.js";

/**
 * Whether a statement's actions include `action`, as IAM reads them: an `Action` pattern matches it (`sts:*`,
 * `sts:AssumeRole*`), or the statement has `NotAction` and none of its patterns matches it (`NotAction:
 * sts:TagSession` allows sts:AssumeRole and sts:AssumeRoleWithWebIdentity). Only the action is judged: the caller
 * checks Effect, principals and conditions.
 */
export function statementAllowsAction(statement: PolicyStatement, action: string): boolean {
  if (statement.NotAction !== undefined) {
    return !toList(statement.NotAction).some((pattern) => matchesIamPattern(pattern, action));
  }
  return toList(statement.Action).some((pattern) => matchesIamPattern(pattern, action));
}
