import { z } from "zod";
import { documentHeader } from "./document-parts.js";

/** `crossrole profile --json`: the profile written (or, with --remove, the sections removed). Never a key. */
export const profileDocument = z
  .discriminatedUnion("action", [
    z.object({
      ...documentHeader("profile"),
      action: z.literal("write"),
      profile: z.string(),
      changed: z.boolean(),
      configFile: z.string(),
      configSection: z.string().describe('e.g. "[profile ourthing]"'),
      roleArn: z.string(),
      hasExternalId: z.boolean(),
      region: z.string().optional(),
      credentialsFile: z.string().optional().describe("--source-from-env: where the keys were written"),
      credentialsSection: z.string().optional(),
      warnings: z.array(z.string()),
    }),
    z.object({
      ...documentHeader("profile"),
      action: z.literal("remove"),
      profile: z.string(),
      removed: z.array(z.string()).describe("Sections removed (none when crossrole wrote no such profile)"),
    }),
  ])
  .describe("crossrole profile --json");

/** The document profileDocument describes. */
export type ProfileDocument = z.infer<typeof profileDocument>;
