import { z } from "zod";
import { documentHeader, findingSchema, findingSummarySchema } from "./document-parts.js";

/** `crossrole lint --json`: the security lint's findings. */
export const lintDocument = z
  .object({
    ...documentHeader("lint"),
    summary: findingSummarySchema,
    findings: z.array(findingSchema),
  })
  .describe("crossrole lint --json");

/** The document lintDocument describes. */
export type LintDocument = z.infer<typeof lintDocument>;
