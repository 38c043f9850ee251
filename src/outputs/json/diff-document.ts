import { z } from "zod";
import { documentHeader, policyDiffSchema, problemSchema } from "./document-parts.js";

/** One target of a diff: live role against the spec, and the IAM calls apply would make. */
export const diffTargetSchema = z.object({
  target: z.string(),
  roleArn: z.string(),
  status: z.enum(["create", "update", "in-sync", "unmanaged", "unreadable"]),
  diff: z
    .object({
      target: z.string(),
      roleArn: z.string(),
      status: z.enum(["create", "update", "in-sync", "unmanaged"]),
      trust: policyDiffSchema,
      permissions: policyDiffSchema,
      maxSessionDuration: z.object({ live: z.number(), desired: z.number() }).optional(),
      description: z.object({ live: z.string().optional(), desired: z.string() }).optional(),
      tags: z.array(z.object({ key: z.string(), live: z.string().optional(), desired: z.string() })),
      managedPolicies: z.object({ attach: z.array(z.string()), detach: z.array(z.string()) }),
      orphanedPrincipals: z.array(z.string()),
      foreignInlinePolicies: z.array(z.string()),
    })
    .optional(),
  problem: problemSchema.optional(),
  applyCalls: z.array(z.string()),
});

/** The BUILD side of a diff. */
export const diffBuildSchema = z.object({
  principalArn: z.string(),
  grantPolicyName: z.string(),
  status: z.enum(["create", "update", "in-sync", "not-applicable", "missing-principal", "unreadable"]),
  otherGrants: z
    .array(
      z.object({
        spec: z.string().nullable(),
        policies: z.array(z.string()),
        roles: z.array(z.string()),
        leftInPlace: z.boolean().optional(),
      }),
    )
    .optional()
    .describe("Other specs' parts of the grant on a shared BUILD principal: never changed"),
  grant: policyDiffSchema.optional(),
  problem: problemSchema.optional(),
  applyCalls: z.array(z.string()),
});

/** `crossrole diff --json`: live IAM state against the spec. */
export const diffDocument = z
  .object({
    ...documentHeader("diff"),
    drift: z.boolean().describe("True when live state differs from the spec (exit 4)"),
    targets: z.array(diffTargetSchema),
    build: diffBuildSchema.optional(),
  })
  .describe("crossrole diff --json");

/** The document diffDocument describes. */
export type DiffDocument = z.infer<typeof diffDocument>;
