import { z } from "zod";
import { documentHeader } from "./document-parts.js";

/** `crossrole rotate build-key --json`: the new key's ID and where it went (never its secret), proofs, old keys. */
export const rotateBuildKeyDocument = z
  .object({
    ...documentHeader("rotate build-key"),
    userName: z.string(),
    principalArn: z.string(),
    created: z.string().describe("The new key's ID (not a secret)"),
    writtenTo: z.string().describe("The file the new key (and its secret) was written to"),
    deletedInactive: z.string().optional(),
    proofs: z.array(
      z.object({ target: z.string(), roleArn: z.string(), ok: z.boolean(), detail: z.string() }),
    ),
    oldKeys: z.array(
      z.object({ accessKeyId: z.string(), action: z.enum(["deleted", "deactivated", "kept"]) }),
    ),
    stopped: z.string().optional().describe("Why the old key was kept: the new one did not work everywhere"),
  })
  .describe("crossrole rotate build-key --json");

/** The document rotateBuildKeyDocument describes. */
export type RotateBuildKeyDocument = z.infer<typeof rotateBuildKeyDocument>;
