import { z } from "zod";
import { documentHeader } from "./document-parts.js";

/** `crossrole ecr login --json`: each registry logged in to, and where the token went (never the token). */
export const ecrLoginDocument = z
  .object({
    ...documentHeader("ecr login"),
    via: z.enum(["config", "docker"]).describe("config: merged into dockerConfig; docker: ran docker login"),
    dockerConfig: z.string().nullable().describe("The docker config.json written; null with --docker"),
    logins: z.array(
      z.object({
        host: z.string(),
        target: z.string().optional(),
        roleArn: z.string(),
        username: z.string(),
        expiresAt: z.string().describe("When the token expires (ISO 8601)"),
        fromCache: z.boolean(),
      }),
    ),
    notices: z.array(z.string()),
  })
  .describe("crossrole ecr login --json");

/** The document ecrLoginDocument describes. */
export type EcrLoginDocument = z.infer<typeof ecrLoginDocument>;
