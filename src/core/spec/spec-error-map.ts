import type { z } from "zod";

/**
 * Messages for the zod issues that spec-schema.ts leaves without a message of its own, in the schema's voice:
 * what is accepted ("must be a list"), never zod's ("Invalid input: expected array, received object"). The
 * offending value is added later, by describeSpecIssues, which also knows whether the field was missing.
 */
export const specErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return `must be ${typeName(issue.expected)}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      return sizeMessage("at least", issue.origin, Number(issue.minimum));
    case "too_big":
      return sizeMessage("at most", issue.origin, Number(issue.maximum));
    case "invalid_format":
      return "is not in the accepted format";
    case "unrecognized_keys":
      return `has unknown keys: ${issue.keys.join(", ")}`;
    default:
      return "is not valid here";
  }
};

/** "a string", "a list", "a mapping", ... for zod's `expected` type names. */
export function typeName(expected: string): string {
  const names: Record<string, string> = {
    string: "a string",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    array: "a list",
    object: "a mapping",
    record: "a mapping",
    null: "empty",
  };
  return names[expected] ?? `a ${expected}`;
}

// --- internal ---

function sizeMessage(bound: "at least" | "at most", origin: string, limit: number): string {
  if (origin === "string") {
    return limit === 1 && bound === "at least" ? "must not be empty" : `must be ${bound} ${limit} characters`;
  }
  if (origin === "array") {
    return limit === 1 && bound === "at least"
      ? "must list at least one item"
      : `must list ${bound} ${limit} items`;
  }
  return `must be ${bound} ${limit}`;
}
