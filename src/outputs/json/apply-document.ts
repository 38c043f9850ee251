import { z } from "zod";
import { diffBuildSchema, diffTargetSchema } from "./diff-document.js";
import { documentHeader, outcomeSummarySchema, partOutcomeSchema } from "./document-parts.js";

/** `crossrole apply --json`: the diff it acted on and what it did, per part. */
export const applyDocument = z
  .object({
    ...documentHeader("apply"),
    dryRun: z.boolean(),
    executed: z
      .boolean()
      .describe("False for a dry run, a declined run, or nothing to change: nothing written"),
    plannedCalls: z.number().int().describe("IAM write calls the diff needs"),
    writeCalls: z.number().int().describe("IAM write calls made"),
    targets: z.array(diffTargetSchema).describe("The diff, as crossrole diff --json prints it"),
    build: diffBuildSchema.optional(),
    outcomes: z.array(partOutcomeSchema),
    summary: outcomeSummarySchema,
    accessKey: z
      .object({
        userName: z.string(),
        accessKeyId: z.string().describe("The new key's ID (not a secret)"),
        writtenTo: z.string().describe("The file the key (and its secret) was written to"),
      })
      .optional()
      .describe("--create-build-user: where the new key went; the secret is never in this document"),
  })
  .describe("crossrole apply --json");

/** The document applyDocument describes. */
export type ApplyDocument = z.infer<typeof applyDocument>;
