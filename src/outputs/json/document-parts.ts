import { z } from "zod";

/**
 * The pieces every crossrole JSON document is built from, as zod schemas: the one source of each document's
 * TypeScript type and of its JSON Schema under `schema/output/` (scripts/write-schema.ts). Only types are imported
 * at run time, so no command loads zod to print a document.
 */

/** Version of every output document's format; bumped on any incompatible change. */
export const OUTPUT_FORMAT_VERSION = 1;

/** `{ formatVersion: 1, command: NAME }`: the first two keys of every document. */
export function documentHeader<const C extends string>(command: C) {
  return {
    formatVersion: z
      .literal(OUTPUT_FORMAT_VERSION)
      .describe("Format version; bumped on any incompatible change"),
    command: z.literal(command).describe("The command that printed this document"),
  };
}

/** A crossrole error as documents carry it: never a stack trace, never a secret. */
export const problemSchema = z
  .object({
    code: z.string().describe("Stable error code, e.g. ACCESS_DENIED"),
    kind: z
      .enum(["invalid-input", "aws-auth", "aws", "verification-failed", "environment", "internal"])
      .describe("What kind of failure; decides the exit code"),
    message: z.string(),
    hint: z.string().optional().describe("What to do next"),
  })
  .describe("An error");

/** A lint finding. */
export const findingSchema = z.object({
  id: z.string().describe("Stable rule id"),
  severity: z.enum(["error", "warning", "info"]),
  target: z.string().optional().describe("Target name; absent for the BUILD side or the plan as a whole"),
  message: z.string(),
  fix: z.string(),
});

/** Findings per severity. */
export const findingSummarySchema = z.object({
  error: z.number().int(),
  warning: z.number().int(),
  info: z.number().int(),
});

const oneOrMany = z.union([z.string(), z.array(z.string())]);
const principal = z.union([z.literal("*"), z.record(z.string(), oneOrMany)]);
const conditionValue = z.union([z.string(), z.boolean(), z.number()]);

/** One IAM policy statement (values as IAM accepts them: a string or a list). */
export const policyStatementSchema = z.object({
  Sid: z.string().optional(),
  Effect: z.enum(["Allow", "Deny"]),
  Principal: principal.optional(),
  NotPrincipal: principal.optional(),
  Action: oneOrMany.optional(),
  NotAction: oneOrMany.optional(),
  Resource: oneOrMany.optional(),
  NotResource: oneOrMany.optional(),
  Condition: z
    .record(z.string(), z.record(z.string(), z.union([conditionValue, z.array(conditionValue)])))
    .optional(),
});

/** An IAM policy document. */
export const policyDocumentSchema = z.object({
  Version: z.enum(["2012-10-17", "2008-10-17"]),
  Statement: z.array(policyStatementSchema),
});

/** How a live policy differs from the desired one. */
export const policyDiffSchema = z.object({
  equal: z.boolean(),
  changed: z.array(
    z.object({
      sid: z.string().optional(),
      fields: z.array(
        z.object({ field: z.string(), added: z.array(z.string()), removed: z.array(z.string()) }),
      ),
    }),
  ),
  missing: z.array(policyStatementSchema).describe("In the spec, not live: apply adds them"),
  extra: z.array(policyStatementSchema).describe("Live, not in the spec: apply removes them"),
});

/** One part (a target, or BUILD) of a run that changes AWS: what was done, what failed, what was not attempted. */
export const partOutcomeSchema = z.object({
  part: z.string().describe('Target name, or "BUILD"'),
  side: z.enum(["target", "build"]),
  status: z.enum(["done", "unchanged", "failed", "refused", "not-attempted"]),
  applied: z.array(z.string()).describe("IAM calls made, described"),
  notApplied: z.array(z.string()).describe("IAM calls planned but not made"),
  error: problemSchema.optional(),
  notes: z.array(z.string()),
});

/** Parts per status. */
export const outcomeSummarySchema = z.object({
  done: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  refused: z.number().int(),
  notAttempted: z.number().int(),
});
