/**
 * IAM policy document types, as IAM stores them. Used for trust policies, permission policies and the BUILD grant,
 * whether crossrole generated them or read them back from AWS.
 */

/** A condition block: operator → key → value(s), e.g. `{ StringEquals: { "sts:ExternalId": "x" } }`. */
export type PolicyCondition = Record<
  string,
  Record<string, string | boolean | number | Array<string | boolean | number>>
>;

/** `"*"`, or a map such as `{ AWS: "arn:aws:iam::222222222222:user/ci" }`. */
export type PolicyPrincipal = "*" | Record<string, string | string[]>;

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: PolicyPrincipal;
  NotPrincipal?: PolicyPrincipal;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: PolicyCondition;
}

export interface PolicyDocument {
  Version: "2012-10-17" | "2008-10-17";
  Statement: PolicyStatement[];
}

/** The policy language version crossrole writes. */
export const POLICY_VERSION = "2012-10-17";

/** A value that IAM accepts as a single item or a list, as a list. */
export function toList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Size IAM counts against its quotas: the JSON without whitespace (R11). */
export function policySize(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}

/** The inverse of {@link toList}: a one-element list as its element, as IAM documents usually write it. */
export function singleOrList<T>(values: T[]): T | T[] {
  return values.length === 1 && values[0] !== undefined ? values[0] : values;
}
