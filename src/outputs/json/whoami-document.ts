import { z } from "zod";
import { documentHeader } from "./document-parts.js";

/** A part whoami could not find out: why, and what to do. */
const statusProblem = z.object({
  problem: z.string().describe("Why this part could not be found out"),
  hint: z.string().optional().describe("What to do next"),
});

/** `crossrole whoami --json` (also `status --json`): who, which spec, what crossrole cached and wrote. No secret. */
export const whoamiDocument = z
  .object({
    ...documentHeader("whoami"),
    identity: z
      .union([
        z.object({
          arn: z.string().describe("The caller's ARN (sts GetCallerIdentity)"),
          account: z.string(),
          userId: z.string(),
        }),
        statusProblem,
      ])
      .describe("Who the AWS credentials are, or why there are none"),
    spec: z
      .union([
        z.object({
          file: z.string().describe("Absolute path of the spec in use"),
          name: z.string().optional().describe("The spec's name:"),
          targets: z.array(
            z.object({
              name: z.string(),
              account: z.string(),
              roleArn: z.string(),
              region: z.string(),
            }),
          ),
        }),
        statusProblem,
      ])
      .describe("The access spec in use and its targets, or why there is none"),
    sessions: z
      .array(
        z.object({
          roleArn: z.string(),
          assumedRoleArn: z.string().optional(),
          expiration: z.string().describe("ISO 8601 UTC"),
          expired: z.boolean(),
        }),
      )
      .describe("Sessions in crossrole's credential cache: role and expiry, never a key"),
    profiles: z
      .array(
        z.object({
          name: z.string().describe("The section name as written, e.g. `profile ourthing`"),
          file: z.string(),
          origin: z.string().optional().describe("The marker's origin, e.g. `target ourthing`"),
        }),
      )
      .describe('AWS config/credentials sections marked "# managed by crossrole"'),
    docker: z
      .object({
        configPath: z.string(),
        auths: z.array(z.string()),
        credHelpers: z.array(z.object({ host: z.string(), target: z.string().optional() })),
      })
      .describe("docker config.json entries crossrole added"),
  })
  .describe("crossrole whoami --json");

/** The document whoamiDocument describes. */
export type WhoamiDocument = z.infer<typeof whoamiDocument>;
