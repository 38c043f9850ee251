import { z } from "zod";
import {
  claimKeysOf,
  DEFAULT_ID_TOKEN_VARIABLE,
  ISSUER_URL,
  KNOWN_ISSUERS,
  TOKEN_VARIABLE_NAME,
} from "../identifiers/oidc-issuers.js";
import { maxSessionDurationSchema } from "./max-session-duration-schema.js";
import { issuerOf } from "./oidc-spec-rules.js";

/**
 * `build.oidc`: keyless builds. The BUILD principal is a role that the CI platform's OIDC tokens assume
 * (AssumeRoleWithWebIdentity); `crossrole apply` creates the IAM OIDC identity provider and that role.
 */

const PROVIDER_HELP =
  "must be github, gitlab, or an issuer URL: https://HOST[/PATH] without port, query or trailing slash (e.g. https://gitlab.example.com)";

/** A condition value: 1..1000 printable characters, no control characters. IAM wildcards `*` `?` allowed. */
const conditionValue = z
  .string({ error: "must be a string" })
  .min(1, { error: "must not be empty" })
  .max(1000, { error: "must be at most 1000 characters" })
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), { error: "must not contain control characters" });

export const oidcSchema = z
  .strictObject({
    provider: z
      .string({ error: PROVIDER_HELP })
      .refine((v) => v in KNOWN_ISSUERS || ISSUER_URL.test(v), { error: PROVIDER_HELP })
      .describe(
        "The OIDC issuer of the CI platform: github (https://token.actions.githubusercontent.com), gitlab (https://gitlab.com), or a self-managed issuer's https URL.",
      ),
    audience: z
      .string({ error: "must be the audience (client ID) the tokens carry, e.g. sts.amazonaws.com" })
      .min(1, { error: "must not be empty" })
      .max(255, { error: "must be at most 255 characters (IAM's client ID limit)" })
      .optional()
      .describe(
        "The token audience (aud) the role accepts, registered as the provider's client ID. Default: sts.amazonaws.com for github, https://gitlab.com for gitlab; required for an issuer URL.",
      ),
    subjects: z
      .array(conditionValue)
      .min(1, {
        error:
          'must list at least one subject (sub claim): without one, every repository on the platform could assume the role, e.g. ["repo:acme/app:ref:refs/heads/main"]',
      })
      .refine((s) => new Set(s).size === s.length, { error: "must not list a subject twice" })
      .describe(
        "The token subjects (sub) allowed, exactly as the platform writes them: repo:OWNER/REPO:ref:refs/heads/BRANCH, repo:OWNER/REPO:environment:NAME (GitHub), project_path:GROUP/PROJECT:ref_type:branch:ref:BRANCH (GitLab). * and ? are wildcards (StringLike), only where written; linted.",
      ),
    claims: z
      .record(
        z
          .string()
          .regex(/^[a-z][a-z0-9_]{0,63}$/, { error: "claim names are lowercase letters, digits and _" }),
        z.union([conditionValue, z.array(conditionValue).min(1)]),
      )
      .optional()
      .describe(
        "Extra claim conditions, all of which must hold: { claim: value or [values] } (wildcards only where written). AWS exposes amr, email and oaud for every issuer, and for github also actor, actor_id, job_workflow_ref, repository, repository_id, workflow, ref, environment, enterprise_id.",
      ),
    maxSessionDuration: maxSessionDurationSchema
      .optional()
      .describe(
        "MaxSessionDuration of the BUILD role, 3600..43200. Default 3600: the target hop is role chaining, capped at one hour anyway.",
      ),
    tokenVariable: z
      .string()
      .regex(TOKEN_VARIABLE_NAME, {
        error: "must be an environment variable name: letters, digits and _, not starting with a digit",
      })
      .optional()
      .describe(
        `The environment variable holding the CI job's OIDC token (GitLab: the id_tokens entry's name). Default: ${DEFAULT_ID_TOKEN_VARIABLE}. On GitHub Actions, without it, crossrole requests the token from the job's token endpoint.`,
      ),
  })
  .refine((o) => o.audience !== undefined || o.provider in KNOWN_ISSUERS, {
    error:
      "is required for an issuer URL: the aud claim your CI platform puts in its tokens (github and gitlab have defaults)",
    path: ["audience"],
  })
  .superRefine((o, context) => {
    const allowed = claimKeysOf(issuerOf(o.provider));
    for (const claim of Object.keys(o.claims ?? {})) {
      if (claim === "sub" || claim === "aud") {
        context.addIssue({
          code: "custom",
          path: ["claims", claim],
          message: `${claim} is set by ${claim === "sub" ? "subjects" : "audience"}, not claims`,
        });
      } else if (!allowed.includes(claim)) {
        context.addIssue({
          code: "custom",
          path: ["claims", claim],
          message: `AWS exposes no condition key for claim ${claim} of ${issuerOf(o.provider)}, so the condition could never hold; claims it exposes: ${allowed.join(", ")} (put anything else in the subject)`,
        });
      }
    }
  })
  .describe(
    "Keyless builds: the BUILD role is assumed with the CI platform's OIDC token (AssumeRoleWithWebIdentity); crossrole apply creates the IAM OIDC provider and the role.",
  );

/** The `build.oidc` block of a validated spec. */
export type OidcSpec = z.infer<typeof oidcSchema>;
