import { z } from "zod";
import { documentHeader, outcomeSummarySchema, partOutcomeSchema, problemSchema } from "./document-parts.js";

/** `crossrole destroy --json`: what it planned to remove, and what it did, per part. */
export const destroyDocument = z
  .object({
    ...documentHeader("destroy"),
    dryRun: z.boolean(),
    executed: z.boolean().describe("False for a dry run, a declined run, or nothing to remove"),
    plannedCalls: z.number().int(),
    writeCalls: z.number().int(),
    targets: z.array(
      z.object({
        target: z.string(),
        roleArn: z.string(),
        roleExists: z.boolean().optional().describe("Absent when the role could not be read"),
        calls: z.array(z.string()).describe("IAM deletions planned"),
        kept: z.array(z.string()).describe("What stays, and why"),
        problem: problemSchema.optional(),
      }),
    ),
    build: z
      .object({
        principalArn: z.string(),
        calls: z.array(z.string()),
        problem: problemSchema.optional(),
      })
      .optional(),
    outcomes: z.array(partOutcomeSchema),
    summary: outcomeSummarySchema,
  })
  .describe("crossrole destroy --json");

/** The document destroyDocument describes. */
export type DestroyDocument = z.infer<typeof destroyDocument>;
