import type { PolicyDocument, PolicyStatement } from "../../src/core/plan/policy-document.js";

/** The TARGET account that owns the roles. */
export const TARGET = "111111111111";
/** The BUILD account whose principals assume the roles. */
export const BUILD = "222222222222";
/** An account that is neither. */
export const OTHER = "333333333333";

/** A policy document from statements. */
export function policy(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** Allow `actions` on `resources`. */
export function allow(actions: string | string[], resources: string | string[] = "*"): PolicyStatement {
  return { Effect: "Allow", Action: actions, Resource: resources };
}
