import type { z } from "zod";
import { CrossroleError } from "../../core/errors.js";
import type { problemSchema } from "./document-parts.js";

/** An error as a document carries it. */
export type Problem = z.infer<typeof problemSchema>;

/**
 * An error as a document carries it: code, kind, message, hint. Anything that is not a CrossroleError is a bug:
 * `INTERNAL`, kind `internal`, its message only (the stack goes to stderr).
 */
export function toProblem(error: unknown): Problem {
  if (error instanceof CrossroleError) {
    return {
      code: error.code,
      kind: error.kind,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    };
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { code: "INTERNAL", kind: "internal", message: `unexpected error (a bug in crossrole): ${text}` };
}
