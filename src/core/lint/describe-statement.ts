import type { PolicyStatement } from "../plan/policy-document.js";

/** How findings name a statement: by Sid when it has one, else by 1-based position. */
export function describeStatement(statement: PolicyStatement, index: number): string {
  return statement.Sid === undefined || statement.Sid === ""
    ? `statement #${index + 1}`
    : `statement "${statement.Sid}"`;
}
