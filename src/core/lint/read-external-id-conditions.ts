import type { PolicyDocument, PolicyStatement } from "../plan/policy-document.js";
import { toList } from "../plan/policy-document.js";

/** One condition on `sts:ExternalId`: the operator it uses and the values it compares with. */
export interface ExternalIdCondition {
  operator: string;
  values: Array<string | boolean | number>;
}

/** The only operator that enforces the exact ExternalId (security check 2). */
export const STRICT_OPERATOR = "StringEquals";

/** Every condition of a statement on `sts:ExternalId` (condition keys are case-insensitive in IAM). */
export function readExternalIdConditions(statement: PolicyStatement): ExternalIdCondition[] {
  return Object.entries(statement.Condition ?? {}).flatMap(([operator, keys]) =>
    Object.entries(keys)
      .filter(([key]) => key.toLowerCase() === "sts:externalid")
      .map(([, values]) => ({ operator, values: toList(values) })),
  );
}

/** ExternalIds a trust policy enforces strictly: `StringEquals` values of its Allow statements, deduplicated. */
export function strictExternalIds(trust: PolicyDocument): string[] {
  const values = trust.Statement.filter((s) => s.Effect === "Allow")
    .flatMap(readExternalIdConditions)
    .filter((c) => c.operator === STRICT_OPERATOR)
    .flatMap((c) => c.values)
    .map(String);
  return [...new Set(values)];
}
