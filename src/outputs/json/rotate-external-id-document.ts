import { z } from "zod";
import { documentHeader } from "./document-parts.js";

const suffix = z
  .string()
  .describe(
    "An ExternalId masked: an ellipsis and its last characters (at most 4, at most a third of the value); the full value is in the spec",
  );

/** `crossrole rotate external-id --json`: one phase of the rotation and its proof. */
export const rotateExternalIdDocument = z
  .object({
    ...documentHeader("rotate external-id"),
    executed: z.boolean(),
    phase: z.enum(["start", "finish"]),
    target: z.string(),
    roleArn: z.string(),
    specFile: z.string().describe("The spec, rewritten in place"),
    before: z.array(suffix),
    after: z.array(suffix),
    proofs: z.array(
      z.object({
        externalId: suffix,
        expected: z.enum(["works", "refused"]),
        result: z.enum(["works", "refused", "not-proven"]),
      }),
    ),
    proven: z.boolean(),
    notProven: z.string().optional(),
    profilesUpdated: z.object({ file: z.string(), profiles: z.array(z.string()) }).optional(),
    notUpdated: z.array(z.string()).optional().describe("Where the old ExternalId may still be"),
  })
  .describe("crossrole rotate external-id --json");

/** The document rotateExternalIdDocument describes. */
export type RotateExternalIdDocument = z.infer<typeof rotateExternalIdDocument>;
