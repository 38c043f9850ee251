import type { PolicyDocument, PolicyStatement } from "../plan/policy-document.js";

/** A live trust policy read: the document, or why it cannot be judged. */
export type DecodedTrustPolicy = { ok: true; document: PolicyDocument } | { ok: false; problem: string };

/**
 * A trust policy as IAM returns it (GetRole, ListRoles: URL-encoded JSON; raw JSON is accepted too, as some
 * emulators answer), checked for the shape the lint reads: an object with `Statement` (one statement or a list), each
 * statement an object with `Effect` Allow or Deny, `Principal`/`NotPrincipal` `"*"` or a map of strings or lists of
 * strings, `Action`/`NotAction` a string or a list of strings, `Condition` operator → key → value(s). Anything else is
 * `ok: false` with the reason: a document the lint cannot read is never judged safe.
 */
export function decodeTrustPolicy(text: string | undefined): DecodedTrustPolicy {
  if (text === undefined || text.trim() === "") return fail("IAM returned no trust policy for the role");
  let json = text;
  if (!text.trimStart().startsWith("{")) {
    try {
      json = decodeURIComponent(text);
    } catch {
      return fail("the trust policy is neither JSON nor URL-encoded JSON (a malformed %-escape)");
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    return fail(`the trust policy is not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(parsed)) return fail("the trust policy is not a JSON object");
  const version = parsed.Version ?? "2008-10-17";
  if (version !== "2012-10-17" && version !== "2008-10-17") {
    return fail(`the trust policy has an unknown Version ${JSON.stringify(parsed.Version)}`);
  }
  const raw = parsed.Statement;
  if (raw === undefined) return fail("the trust policy has no Statement");
  const list = Array.isArray(raw) ? raw : [raw];
  const statements: PolicyStatement[] = [];
  for (const [i, statement] of list.entries()) {
    const problem = statementProblem(statement);
    if (problem !== undefined) return fail(`statement #${i + 1} ${problem}`);
    statements.push(statement as unknown as PolicyStatement);
  }
  return { ok: true, document: { Version: version, Statement: statements } };
}

// --- internal ---

function fail(problem: string): DecodedTrustPolicy {
  return { ok: false, problem };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStrings(value: unknown): boolean {
  return typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"));
}

/** The principal types a role's trust can name; any other is a document the lint does not understand. */
const PRINCIPAL_TYPES = new Set(["AWS", "Service", "Federated"]);

function isPrincipal(value: unknown): boolean {
  return (
    value === "*" ||
    (isRecord(value) &&
      Object.keys(value).length > 0 &&
      Object.entries(value).every(([type, v]) => PRINCIPAL_TYPES.has(type) && isStrings(v)))
  );
}

function isConditionValue(value: unknown): boolean {
  const scalar = (v: unknown) => typeof v === "string" || typeof v === "boolean" || typeof v === "number";
  return scalar(value) || (Array.isArray(value) && value.every(scalar));
}

function statementProblem(statement: unknown): string | undefined {
  if (!isRecord(statement)) return "is not a JSON object";
  if (statement.Effect !== "Allow" && statement.Effect !== "Deny") {
    return `has Effect ${JSON.stringify(statement.Effect)} (expected "Allow" or "Deny")`;
  }
  for (const key of ["Principal", "NotPrincipal"]) {
    if (statement[key] !== undefined && !isPrincipal(statement[key])) {
      return `has a ${key} of an unknown shape (${JSON.stringify(statement[key])})`;
    }
  }
  if (statement.Principal === undefined && statement.NotPrincipal === undefined) {
    return "names no Principal";
  }
  if (statement.Sid !== undefined && typeof statement.Sid !== "string")
    return "has a Sid that is not a string";
  for (const key of ["Action", "NotAction", "Resource", "NotResource"]) {
    if (statement[key] !== undefined && !isStrings(statement[key])) {
      return `has a ${key} of an unknown shape (${JSON.stringify(statement[key])})`;
    }
  }
  if (statement.Action === undefined && statement.NotAction === undefined) return "names no Action";
  const condition = statement.Condition;
  if (condition !== undefined) {
    const fine =
      isRecord(condition) &&
      Object.values(condition).every(
        (block) => isRecord(block) && Object.values(block).every(isConditionValue),
      );
    if (!fine) return `has a Condition of an unknown shape (${JSON.stringify(condition)})`;
  }
  return undefined;
}
