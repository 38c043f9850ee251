import { z } from "zod";
import { documentHeader } from "./document-parts.js";

/** `crossrole ecr configure-helper --json`: the registry hosts routed to docker-credential-crossrole. */
export const ecrConfigureHelperDocument = z
  .object({
    ...documentHeader("ecr configure-helper"),
    dockerConfig: z.string(),
    hosts: z.array(z.string()),
    helper: z.literal("crossrole").describe("The credHelpers value: docker runs docker-credential-crossrole"),
    notices: z.array(z.string()),
  })
  .describe("crossrole ecr configure-helper --json");

/** The document ecrConfigureHelperDocument describes. */
export type EcrConfigureHelperDocument = z.infer<typeof ecrConfigureHelperDocument>;
