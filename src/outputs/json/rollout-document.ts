import { z } from "zod";
import { documentHeader, outcomeSummarySchema, partOutcomeSchema } from "./document-parts.js";

const accounts = z.array(z.string());

/** `crossrole rollout --json`: per StackSet what changes, the BUILD grant's size, and what was done per part. */
export const rolloutDocument = z
  .object({
    ...documentHeader("rollout"),
    dryRun: z.boolean(),
    executed: z.boolean(),
    stackSets: z.array(
      z.object({
        target: z.string(),
        stackSetName: z.string(),
        region: z.string(),
        accounts: z.number().int(),
        create: z.boolean(),
        updateTemplate: z.boolean(),
        add: accounts,
        updateOverrides: accounts,
        remove: accounts,
        retry: accounts,
      }),
    ),
    ouStackSets: z.array(
      z.object({
        target: z.string(),
        stackSetName: z.string(),
        region: z.string(),
        organizationalUnits: z.array(z.string()),
        recorded: accounts,
        create: z.boolean(),
        updateStackSet: z.boolean(),
        addOus: z.array(z.string()),
        removeOus: z.array(z.string()),
        joined: accounts,
        left: accounts,
        retry: accounts,
      }),
    ),
    generatedExternalIds: z
      .record(z.string(), accounts)
      .describe(
        "Per target, the accounts that got a new ExternalId (written to the spec, not repeated here)",
      ),
    generatedPrefixes: z.array(z.string()).describe("Targets that got a new externalIdPrefix in the spec"),
    buildGrant: z.object({
      size: z.number().int(),
      limit: z.number().int(),
      managedParts: z.number().int(),
    }),
    outcomes: z.array(partOutcomeSchema),
    summary: outcomeSummarySchema,
  })
  .describe("crossrole rollout --json");

/** The document rolloutDocument describes. */
export type RolloutDocument = z.infer<typeof rolloutDocument>;
