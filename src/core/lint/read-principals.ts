import { type PolicyPrincipal, toList } from "../plan/policy-document.js";

/** One principal named in a statement: its type (`AWS`, `Service`, `Federated`, …, or `*`) and value. */
export interface PrincipalEntry {
  type: string;
  value: string;
}

/**
 * The principals of a `Principal` or `NotPrincipal` element, flattened. `"*"` reads as `{ type: "*", value: "*" }`.
 */
export function readPrincipals(principal: PolicyPrincipal | undefined): PrincipalEntry[] {
  if (principal === undefined) return [];
  if (principal === "*") return [{ type: "*", value: "*" }];
  return Object.entries(principal).flatMap(([type, values]) =>
    toList(values).map((value) => ({ type, value })),
  );
}

/** True when the value names every principal: `"*"` itself or `{ "AWS": "*" }`. */
export function isWildcardPrincipal(entry: PrincipalEntry): boolean {
  return entry.value === "*";
}

/** The account of an `AWS` principal (ARN or bare 12-digit ID); undefined for unique IDs such as `AROA…`. */
export function principalAccount(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(value)?.[1];
}
