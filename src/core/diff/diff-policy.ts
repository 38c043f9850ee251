import {
  type PolicyDocument,
  type PolicyPrincipal,
  type PolicyStatement,
  toList,
} from "../plan/policy-document.js";

/**
 * Semantic comparison of two IAM policy documents, statement by statement. Two statements are equal when they
 * allow or deny the same thing, whatever the order of their lists, single value vs one-element list, Sid, action
 * case, condition-key case or a bare account ID vs its `:root` ARN (R14).
 */

/** The parts of a statement a diff reports, each as a set of canonical strings. */
export type StatementField =
  | "effect"
  | "principal"
  | "notPrincipal"
  | "externalId"
  | "action"
  | "notAction"
  | "resource"
  | "notResource"
  | "condition";

/** One field of a statement that differs. `added`: desired, not live (apply adds); `removed`: live, not desired. */
export interface FieldChange {
  field: StatementField;
  added: string[];
  removed: string[];
}

/** A live statement that corresponds to a desired one (same Sid, or the only candidate) but differs from it. */
export interface StatementChange {
  sid?: string;
  fields: FieldChange[];
}

/** How a live policy differs from the desired one. Empty lists everywhere means semantically equal. */
export interface PolicyDiff {
  equal: boolean;
  /** Paired statements that differ, field by field. */
  changed: StatementChange[];
  /** Desired statements with no live counterpart (apply adds them). */
  missing: PolicyStatement[];
  /** Live statements with no desired counterpart (apply removes them). */
  extra: PolicyStatement[];
}

/** Canonical form of one statement: every field as a sorted list of canonical strings. */
export type NormalStatement = Record<StatementField, string[]>;

/**
 * Compares a desired policy with a live one. Undefined stands for "no such policy": every statement of the other
 * side is then missing or extra.
 */
export function diffPolicy(
  desired: PolicyDocument | undefined,
  live: PolicyDocument | undefined,
): PolicyDiff {
  const missing = [...(desired?.Statement ?? [])];
  const extra = [...(live?.Statement ?? [])];
  // Exact (semantic) matches cancel out, as a multiset.
  for (let i = missing.length - 1; i >= 0; i--) {
    const key = statementKey(missing[i] as PolicyStatement);
    const j = extra.findIndex((s) => statementKey(s) === key);
    if (j >= 0) {
      missing.splice(i, 1);
      extra.splice(j, 1);
    }
  }
  const changed: StatementChange[] = [];
  const pair = (d: PolicyStatement, l: PolicyStatement) => {
    missing.splice(missing.indexOf(d), 1);
    extra.splice(extra.indexOf(l), 1);
    const change: StatementChange = { fields: diffStatement(d, l) };
    const sid = d.Sid ?? l.Sid;
    if (sid !== undefined) change.sid = sid;
    changed.push(change);
  };
  for (const d of [...missing]) {
    const l = d.Sid === undefined ? undefined : extra.find((s) => s.Sid === d.Sid);
    if (l !== undefined) pair(d, l);
  }
  if (missing.length === 1 && extra.length === 1)
    pair(missing[0] as PolicyStatement, extra[0] as PolicyStatement);
  return { equal: changed.length + missing.length + extra.length === 0, changed, missing, extra };
}

/** A statement in canonical form (see the file comment). */
export function normalizeStatement(statement: PolicyStatement): NormalStatement {
  const conditions = conditionEntries(statement);
  return {
    effect: [statement.Effect],
    principal: principalEntries(statement.Principal),
    notPrincipal: principalEntries(statement.NotPrincipal),
    externalId: conditions.externalIds,
    action: sortedUnique(toList(statement.Action).map((a) => a.toLowerCase())),
    notAction: sortedUnique(toList(statement.NotAction).map((a) => a.toLowerCase())),
    resource: sortedUnique(toList(statement.Resource)),
    notResource: sortedUnique(toList(statement.NotResource)),
    condition: conditions.others,
  };
}

/** The canonical `AWS` principals of a statement: `AWS:arn:…` strings, bare account IDs as `:root` ARNs. */
export function principalEntries(principal: PolicyPrincipal | undefined): string[] {
  if (principal === undefined) return [];
  if (principal === "*") return ["*"];
  const entries = Object.entries(principal).flatMap(([type, values]) =>
    toList(values).map((value) => {
      if (type === "AWS" && value === "*") return "*";
      if (type === "AWS" && /^\d{12}$/.test(value)) return `AWS:arn:aws:iam::${value}:root`;
      return `${type}:${value}`;
    }),
  );
  return sortedUnique(entries);
}

// --- internal ---

const FIELDS: StatementField[] = [
  "effect",
  "principal",
  "notPrincipal",
  "externalId",
  "action",
  "notAction",
  "resource",
  "notResource",
  "condition",
];

function statementKey(statement: PolicyStatement): string {
  return JSON.stringify(normalizeStatement(statement));
}

function diffStatement(desired: PolicyStatement, live: PolicyStatement): FieldChange[] {
  const d = normalizeStatement(desired);
  const l = normalizeStatement(live);
  return FIELDS.flatMap((field) => {
    const added = d[field].filter((v) => !l[field].includes(v));
    const removed = l[field].filter((v) => !d[field].includes(v));
    return added.length + removed.length === 0 ? [] : [{ field, added, removed }];
  });
}

/**
 * Conditions as `Operator key=value` strings (keys are case-insensitive in IAM, so lower-cased), with the strict
 * ExternalId condition (`StringEquals` on `sts:ExternalId`) split out as bare values: that is the one a reviewer
 * must see value by value.
 */
function conditionEntries(statement: PolicyStatement): { externalIds: string[]; others: string[] } {
  const externalIds: string[] = [];
  const others: string[] = [];
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) {
      const k = key.toLowerCase();
      for (const value of toList(values)) {
        if (operator === "StringEquals" && k === "sts:externalid") externalIds.push(String(value));
        else others.push(`${operator} ${k}=${String(value)}`);
      }
    }
  }
  return { externalIds: sortedUnique(externalIds), others: sortedUnique(others) };
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort();
}
