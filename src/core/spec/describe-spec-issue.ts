import type { z } from "zod";
import { suggestKey } from "../suggest-key.js";
import { typeName } from "./spec-error-map.js";
import type { PathIssue, SpecPath } from "./spec-path.js";
import { lookUpPath } from "./spec-path.js";
import { acceptedKeysAt, descriptionAt } from "./spec-schema-lookup.js";

/** What describeSpecIssues needs besides the issues. */
export interface DescribeContext {
  /** The parsed document that was validated. */
  data: unknown;
  /** Which language the file is in, to explain quoting in its terms. */
  format: "yaml" | "json";
  /** The source text of the scalar at a path, e.g. `012345678901` for a number that lost its leading zero. */
  sourceOf: (path: SpecPath) => string | undefined;
}

/**
 * Turns zod issues from specSchema into messages for people: each names what is accepted and what was found
 * (quoted, truncated), unknown keys get "did you mean", and numbers where strings belong get a quoting hint.
 * One zod issue may become several (one per unknown key).
 */
export function describeSpecIssues(
  issues: readonly z.core.$ZodIssue[],
  context: DescribeContext,
): PathIssue[] {
  return issues.flatMap((issue) => describeIssue(issue, [], context));
}

// --- internal ---

const MAX_SHOWN = 60;

function describeIssue(issue: z.core.$ZodIssue, base: SpecPath, context: DescribeContext): PathIssue[] {
  const path = [...base, ...issue.path.map((s) => (typeof s === "number" ? s : String(s)))];
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => unknownKey(path, key));
    case "invalid_union":
      return describeUnion(issue, path, context);
    case "invalid_key": {
      const message = issue.issues[0]?.message ?? "is not an accepted key";
      return [{ path, at: "key", message: `${message} (got ${showKey(String(path.at(-1)))})` }];
    }
    default:
      return [{ path, at: "value", message: describeValueIssue(issue, path, context) }];
  }
}

function unknownKey(parent: SpecPath, key: string): PathIssue {
  const accepted = acceptedKeysAt(parent);
  const suggestion = suggestKey(key, accepted);
  const help =
    suggestion === undefined
      ? `accepted keys here: ${accepted.join(", ")}`
      : `did you mean \`${suggestion}\`?`;
  return { path: [...parent, key], at: "key", message: `unknown key ${showKey(key)}; ${help}` };
}

/** All branches failed: either on the type of the value (say which types), or one branch got further (use it). */
function describeUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  path: SpecPath,
  context: DescribeContext,
): PathIssue[] {
  const deeper = issue.errors.find((branch) => !isTypeMismatch(branch));
  if (deeper !== undefined) return deeper.flatMap((inner) => describeIssue(inner, path, context));
  const types = issue.errors.map((branch) => {
    const first = branch[0];
    if (first?.code !== "invalid_type") return "another form";
    return first.expected === "boolean" ? "true/false" : typeName(first.expected);
  });
  const { value } = lookUpPath(context.data, path);
  // A number or true/false where one branch takes a string: most likely an unquoted YAML scalar.
  const wantsString = issue.errors.some(
    (branch) => branch[0]?.code === "invalid_type" && branch[0].expected === "string",
  );
  if (wantsString && (typeof value === "number" || typeof value === "boolean")) {
    return [{ path, at: "value", message: quotingHint(value, path, context) }];
  }
  return [{ path, at: "value", message: `must be ${joinOr(types)} (got ${showValue(value, true)})` }];
}

function isTypeMismatch(branch: readonly z.core.$ZodIssue[]): boolean {
  return branch.length === 1 && branch[0]?.code === "invalid_type" && branch[0].path.length === 0;
}

function describeValueIssue(issue: z.core.$ZodIssue, path: SpecPath, context: DescribeContext): string {
  const { present, value } = lookUpPath(context.data, path);
  if (path.length === 1 && path[0] === "version") return describeVersion(present, value);
  if (!present) return describeMissing(issue, path);
  const isTypeIssue = issue.code === "invalid_type";
  if (
    isTypeIssue &&
    issue.expected === "string" &&
    (typeof value === "number" || typeof value === "boolean")
  ) {
    return quotingHint(value, path, context);
  }
  // A rule about a whole mapping or list ("needs exactly one of Action or NotAction") gains nothing from "got a mapping".
  if (!isTypeIssue && typeof value === "object" && value !== null) return issue.message;
  return `${issue.message} (got ${showValue(value, isTypeIssue)})`;
}

function describeMissing(issue: z.core.$ZodIssue, path: SpecPath): string {
  const description = descriptionAt(path);
  if (description !== undefined) return `is required: ${lowerFirst(description)}`;
  return issue.message.startsWith("must")
    ? `is required; it ${issue.message}`
    : `is required (${issue.message})`;
}

function describeVersion(present: boolean, value: unknown): string {
  if (!present) return "is required: start the spec with `version: 1`";
  if (value === "1") return 'must be the number 1, without quotes (got "1", a string)';
  if (typeof value === "number") {
    return `crossrole reads only version 1 specs (got version ${value}); write \`version: 1\`, or upgrade crossrole if this spec was written for a newer one`;
  }
  return `must be 1, the only spec version (got ${showValue(value, true)})`;
}

/** YAML reads unquoted 111111111111 as a number, and 012345678901 as 12345678901: say so and how to fix it. */
function quotingHint(value: number | boolean, path: SpecPath, context: DescribeContext): string {
  const written = context.sourceOf(path) ?? String(value);
  const kind = typeof value === "number" ? "a number" : "true/false";
  const lostZero = typeof value === "number" && /^[-+]?0\d/.test(written);
  const read = lostZero ? `the number ${value} (the leading zero is lost)` : kind;
  const fix =
    context.format === "json"
      ? `JSON has ${written} as ${read}; write it as a string: "${written}"`
      : `YAML read ${written} as ${read}; write it in quotes: "${written}"`;
  if (path.at(-1) !== "account") return `must be a string: ${fix}`;
  return `${fix}. An account ID is a 12-digit string; unquoted, leading zeros are lost (012345678901 reads as 12345678901)`;
}

/** `"value"` (truncated when long), `3600`, `a list`... With `withType`, says what type it is: `"3600", a string`. */
function showValue(value: unknown, withType: boolean): string {
  if (value === null || value === undefined) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `${quote(value)}${withType ? ", a string" : ""}`;
  if (typeof value === "number") return `${value}${withType ? ", a number" : ""}`;
  return `${String(value)}${withType ? `, ${typeof value === "boolean" ? "true/false" : typeof value}` : ""}`;
}

function quote(value: string): string {
  if (value.length <= MAX_SHOWN) return JSON.stringify(value);
  return `${JSON.stringify(`${value.slice(0, 40)}…`)}, ${value.length} characters`;
}

function showKey(key: string): string {
  return key.length <= MAX_SHOWN ? `\`${key}\`` : `\`${key.slice(0, 40)}…\`, ${key.length} characters`;
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

/** "The BUILD account" → "the BUILD account"; leaves "AWS region" alone. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? `${text.charAt(0).toLowerCase()}${text.slice(1)}` : text;
}
