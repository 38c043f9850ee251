import { z } from "zod";
import { documentHeader } from "./document-parts.js";

/** `crossrole configure --from-env --json`: the sections written. The keys went to the credentials file only. */
export const configureDocument = z
  .object({
    ...documentHeader("configure"),
    changed: z.boolean(),
    credentialsFile: z.string(),
    credentialsSection: z.string(),
    configFile: z.string(),
    configSections: z.array(z.string()),
    roleArn: z.string(),
    hasExternalId: z.boolean(),
    region: z.string(),
    warnings: z.array(z.string()),
    notes: z.array(z.string()),
  })
  .describe("crossrole configure --from-env --json");

/** The document configureDocument describes. */
export type ConfigureDocument = z.infer<typeof configureDocument>;
