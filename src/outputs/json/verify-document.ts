import { z } from "zod";
import { documentHeader } from "./document-parts.js";

const checkSchema = z.object({
  id: z.string().describe("Stable check id, or lint:<rule id> for findings of the live lint"),
  title: z.string(),
  status: z.enum(["pass", "fail", "warn", "info", "skip"]),
  severity: z.enum(["critical", "error", "warning", "info"]).optional(),
  detail: z.string(),
  fix: z.string().optional(),
  requestIds: z.array(z.string()).optional(),
});

/** `crossrole verify --json` (and `--out FILE`): the evidence document. Holds no credentials. */
export const verifyDocument = z
  .object({
    ...documentHeader("verify"),
    kind: z.literal("crossrole-verify-evidence"),
    generatedAt: z.string().describe("When the run started (ISO 8601)"),
    crossroleVersion: z.string(),
    spec: z.object({ file: z.string(), sha256: z.string() }),
    caller: z.object({
      account: z.string(),
      arn: z.string(),
      userId: z.string(),
      requestId: z.string().optional(),
    }),
    buildPrincipalArn: z.string(),
    build: z.object({ checks: z.array(checkSchema) }),
    targets: z.array(
      z.object({
        name: z.string(),
        account: z.string(),
        region: z.string(),
        roleArn: z.string(),
        sessionArn: z.string().optional(),
        checks: z.array(checkSchema),
      }),
    ),
    notices: z.array(z.string()),
    summary: z.object({
      pass: z.number().int(),
      fail: z.number().int(),
      warn: z.number().int(),
      info: z.number().int(),
      skip: z.number().int(),
      ok: z.boolean(),
    }),
  })
  .describe("crossrole verify --json");

/** The document verifyDocument describes. */
export type VerifyDocument = z.infer<typeof verifyDocument>;
