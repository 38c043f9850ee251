import { z } from "zod";
import { documentHeader } from "./document-parts.js";

/** `crossrole init --json`: the spec written. Its generated ExternalIds stay in the file. */
export const initDocument = z
  .object({
    ...documentHeader("init"),
    file: z.string().describe("Absolute path of the spec written"),
    name: z.string().describe("The spec's name:"),
    targets: z.array(z.object({ name: z.string(), account: z.string() })),
  })
  .describe("crossrole init --json");

/** The document initDocument describes. */
export type InitDocument = z.infer<typeof initDocument>;
