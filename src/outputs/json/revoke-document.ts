import { z } from "zod";
import { documentHeader, problemSchema } from "./document-parts.js";

/** `crossrole revoke --json`: per target, the cutoff written and its proof; BUILD keys; caches cleared. */
export const revokeDocument = z
  .object({
    ...documentHeader("revoke"),
    executed: z.boolean(),
    proven: z.boolean().describe("Every target revoked, read back, and (unless --no-proof) proven"),
    targets: z.array(
      z.object({
        name: z.string(),
        roleArn: z.string(),
        status: z.enum(["revoked", "failed"]),
        cutoff: z.string().optional().describe("Sessions issued before this time (ISO 8601) are denied"),
        refreshed: z.boolean().optional(),
        confirmed: z.boolean().optional(),
        proof: z
          .object({
            oldSession: z.enum(["refused", "still-allowed", "not-proven"]),
            newSession: z.enum(["works", "refused", "not-proven"]),
            detail: z.string(),
          })
          .optional(),
        error: problemSchema.optional(),
      }),
    ),
    buildKeys: z
      .object({
        principalArn: z.string(),
        deactivated: z.array(z.string()).describe("Access key IDs set to Inactive (IDs, not secrets)"),
        alreadyInactive: z.array(z.string()),
        note: z.string().optional(),
        error: problemSchema.optional(),
      })
      .optional(),
    cleared: z.object({ sessions: z.number().int(), ecrTokens: z.number().int() }).optional(),
  })
  .describe("crossrole revoke --json");

/** The document revokeDocument describes. */
export type RevokeDocument = z.infer<typeof revokeDocument>;
