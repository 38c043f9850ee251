import { z } from "zod";
import { OUTPUT_FORMAT_VERSION, problemSchema } from "./document-parts.js";

/**
 * What any command prints on stdout, with `--json`, when it fails before it can print its own document (bad
 * input, a spec that does not parse, AWS refusing the first call, a bug). The usual message goes to stderr as
 * well; the exit code is the usual one.
 */
export const errorDocument = z
  .object({
    formatVersion: z.literal(OUTPUT_FORMAT_VERSION),
    command: z.string().describe('The command, e.g. "apply" or "ecr login"'),
    error: problemSchema,
    exitCode: z.number().int().min(1).describe("The process's exit code"),
  })
  .describe("crossrole: a command's failure, with --json");

/** The document errorDocument describes. */
export type ErrorDocument = z.infer<typeof errorDocument>;
