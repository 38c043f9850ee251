import { z } from "zod";
import { documentHeader } from "./document-parts.js";

/** `crossrole ecr logout --json`: the docker config entries removed. */
export const ecrLogoutDocument = z
  .object({
    ...documentHeader("ecr logout"),
    dockerConfig: z.string(),
    removed: z.array(z.string()).describe("auths:HOST and credHelpers:HOST entries removed"),
    notices: z.array(z.string()),
  })
  .describe("crossrole ecr logout --json");

/** The document ecrLogoutDocument describes. */
export type EcrLogoutDocument = z.infer<typeof ecrLogoutDocument>;
