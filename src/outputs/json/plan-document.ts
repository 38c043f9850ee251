import { z } from "zod";
import {
  documentHeader,
  findingSchema,
  findingSummarySchema,
  policyDocumentSchema,
} from "./document-parts.js";

/** `crossrole plan --format json` (and `plan --json`): the IAM documents the spec means, and their lint findings. */
export const planDocument = z
  .object({
    ...documentHeader("plan"),
    source: z.string().describe("The spec file the plan was built from"),
    build: z.object({
      account: z.string(),
      partition: z.string(),
      principalArn: z.string(),
      principalKind: z.enum(["user", "role", "root"]),
      principalName: z.string().optional(),
      principalPath: z.string(),
      specName: z.string().optional(),
      grantPolicyName: z.string(),
      grantPolicy: policyDocumentSchema,
      grantParts: z.array(z.string()).optional().describe("Managed policy ARNs, when the grant is split"),
    }),
    targets: z.array(
      z.object({
        name: z.string(),
        account: z.string(),
        region: z.string(),
        partition: z.string(),
        roleName: z.string(),
        rolePath: z.string(),
        roleArn: z.string(),
        description: z.string().optional(),
        externalIds: z.array(z.string()),
        maxSessionDuration: z.number().int(),
        trustPolicy: policyDocumentSchema,
        permissionPolicy: policyDocumentSchema.optional(),
        managedPolicyArns: z.array(z.string()),
        tags: z.record(z.string(), z.string()),
      }),
    ),
    summary: findingSummarySchema,
    findings: z.array(findingSchema),
  })
  .describe("crossrole plan --format json");

/** The document planDocument describes. */
export type PlanDocument = z.infer<typeof planDocument>;
