import { z } from "zod";
import { ADMIN_ROLE_ARN, adminRoleAccount, usesAccountPlaceholder } from "../identifiers/admin-role-arn.js";
import {
  ACCOUNT_ID,
  ECR_REPOSITORY,
  EXTERNAL_ID,
  EXTERNAL_ID_CHARSET,
  IAM_ACTION,
  IAM_PRINCIPAL_ARN,
  KMS_KEY_ARN,
  MANAGED_POLICY_ARN,
  REGION,
  RESOURCE_ARN,
  TAG_KEY,
  TAG_VALUE,
  TARGET_NAME,
} from "../identifiers/aws-patterns.js";
import { suggestKey } from "../suggest-key.js";
import { isLintRuleId, LINT_RULE_IDS, LINT_RULE_MAX_SEVERITY } from "./lint-rule-ids.js";
import { maxSessionDurationSchema } from "./max-session-duration-schema.js";
import { isRolePrincipal } from "./oidc-spec-rules.js";
import { oidcSchema } from "./oidc-spec-schema.js";
import { OU_EXTERNAL_ID_PREFIX, OU_EXTERNAL_ID_PREFIX_MAX } from "./ou-external-id.js";
import { SPEC_NAME } from "./spec-name.js";
import { fleetMemberName, isRoleRef, isS3Location, isShortPrincipal } from "./spec-value-rules.js";

/**
 * The access spec (`crossrole.yaml`), version 1. This zod schema is the single source of truth: the TypeScript
 * types below are inferred from it and `schema/crossrole.schema.json` is generated from it (`npm run schema`).
 * Messages are written for people: they say what is accepted.
 */

const accountId = z
  .string({ error: 'must be a 12-digit AWS account ID in quotes, e.g. "111111111111"' })
  .regex(ACCOUNT_ID, { error: 'must be exactly 12 digits, e.g. "111111111111"' })
  .describe("12-digit AWS account ID, as a quoted string.");

const region = z
  .string()
  .regex(REGION, { error: "must be an AWS region such as eu-west-1 or us-east-1" })
  .describe("AWS region, e.g. eu-west-1.");

/** `user/NAME`, `role/NAME` (optionally with a path: `role/ci/NAME`), a full IAM user/role ARN, or `root`. */
const buildPrincipal = z
  .string()
  .refine((v) => v === "root" || IAM_PRINCIPAL_ARN.test(v) || isShortPrincipal(v), {
    error:
      "must be user/NAME, role/NAME (a path may precede NAME: role/ci/NAME), a full IAM user or role ARN, or root",
  })
  .describe(
    "The BUILD account principal that runs builds: user/NAME, role/NAME, a full IAM user or role ARN, or root (the whole account; linted).",
  );

const roleRef = z
  .string()
  .refine(isRoleRef, {
    error:
      "must be a role name (1..64 of letters, digits and _+=,.@-), optionally after a path: /ci/RoleName",
  })
  .describe("Role name in the target account, optionally with a path: /ci/OurThingBuildRole.");

const externalId = z
  .string()
  .regex(EXTERNAL_ID, { error: `must be 2..1224 characters of ${EXTERNAL_ID_CHARSET} (no spaces)` })
  .describe("The sts:ExternalId the role requires. Generate one per target with `crossrole init`.");

/**
 * A target's ExternalId: one value, or during a rotation window (`crossrole rotate external-id`) exactly two
 * distinct values, the new one first. The trust policy accepts both; callers send the first.
 */
const targetExternalId = z
  .union([
    externalId,
    z
      .array(externalId)
      .length(2, { error: "must be one ExternalId, or a list of exactly two (new, old) during a rotation" })
      .refine(([a, b]) => a !== b, { error: "the two ExternalIds of a rotation must differ" }),
  ])
  .describe(
    "The sts:ExternalId the role requires (generate one per target with `crossrole init`), or [new, old] during a rotation (`crossrole rotate external-id`).",
  );

const ecrRepository = z.string().regex(ECR_REPOSITORY, {
  error:
    "must be an ECR repository name: lowercase letters, digits, . _ - and / (e.g. team/app), 2..256 chars",
});

const s3Location = z.string().refine(isS3Location, {
  error:
    'must be "bucket/prefix/" (a bucket name, a slash, then a key prefix ending in "/", or nothing for the whole bucket)',
});

const resource = z.string().regex(RESOURCE_ARN, {
  error:
    'must be "*" or an ARN of the form arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE such as arn:aws:s3:::bucket/* (wildcards allowed)',
});
const resourceList = z.union([resource, z.array(resource).min(1)]);
const actionList = z.union([
  z.string().regex(IAM_ACTION, { error: "must be an IAM action such as s3:GetObject or ecr:*" }),
  z
    .array(z.string().regex(IAM_ACTION, { error: "must be an IAM action such as s3:GetObject or ecr:*" }))
    .min(1),
]);

/** A raw IAM permission statement, for what the typed permissions do not cover. */
const rawStatement = z
  .strictObject({
    Sid: z
      .string()
      .regex(/^[A-Za-z0-9]*$/, { error: "Sid must be letters and digits only" })
      .optional(),
    Effect: z.enum(["Allow", "Deny"]),
    Action: actionList.optional(),
    NotAction: actionList.optional(),
    Resource: resourceList.optional(),
    NotResource: resourceList.optional(),
    Condition: z
      .record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean()])))
      .optional(),
  })
  .refine((s) => (s.Action === undefined) !== (s.NotAction === undefined), {
    error: "a statement needs exactly one of Action or NotAction",
  })
  .refine((s) => (s.Resource === undefined) !== (s.NotResource === undefined), {
    error: "a statement needs exactly one of Resource or NotResource",
  });

const permissions = z
  .strictObject({
    ecr: z
      .strictObject({
        push: z
          .array(ecrRepository)
          .optional()
          .describe("Repositories the build may push to (and pull from)."),
        pull: z.array(ecrRepository).optional().describe("Repositories the build may pull from."),
      })
      .optional(),
    s3: z
      .strictObject({
        write: z
          .array(s3Location)
          .optional()
          .describe('"bucket/prefix/" locations the build may write (and read).'),
        read: z.array(s3Location).optional().describe('"bucket/prefix/" locations the build may read.'),
        kmsKeyArns: z
          .array(
            z
              .string()
              .regex(KMS_KEY_ARN, { error: "must be a KMS key ARN: arn:aws:kms:REGION:ACCOUNT:key/ID" }),
          )
          .optional()
          .describe("KMS keys of SSE-KMS buckets: grants kms:GenerateDataKey and kms:Decrypt on them."),
      })
      .optional(),
    managedPolicyArns: z
      .array(
        z.string().regex(MANAGED_POLICY_ARN, {
          error:
            "must be a managed policy ARN: arn:aws:iam::aws:policy/NAME or arn:aws:iam::ACCOUNT:policy/NAME",
        }),
      )
      .optional(),
    statements: z.array(rawStatement).optional().describe("Raw IAM statements, validated and linted."),
  })
  .describe("What the role may do in the target account.");

const tags = z
  .record(
    z
      .string()
      .regex(TAG_KEY, { error: "tag keys are 1..128 letters, digits, spaces and _.:/=+-@" })
      .refine((k) => !k.startsWith("aws:"), {
        error: "tag keys may not start with aws:",
      }),
    z.string().regex(TAG_VALUE, { error: "tag values are 0..256 letters, digits, spaces and _.:/=+-@" }),
  )
  .refine((t) => Object.keys(t).length <= 49, { error: "at most 49 tags (crossrole adds managed-by)" })
  .describe("Tags put on the role. crossrole adds managed-by=crossrole.");

/** A lint rule id in `lint.ignore`: an unknown one gets a did-you-mean. The JSON Schema lists them (editors complete). */
const lintRuleId = z
  .string({ error: "must be a lint rule id such as confused-deputy-single-target" })
  .refine(isLintRuleId, { error: (issue) => unknownLintRule(issue.input) })
  .meta({ enum: LINT_RULE_IDS })
  .describe("A lint rule id, as `crossrole lint` prints it.");

/**
 * One acknowledged lint rule: its id, or `{ rule, reason }`. A rule that can report an error (a trust anyone may
 * use, a missing ExternalId...) is acknowledged only with a reason, so the spec says why it is acceptable.
 */
const lintIgnoreEntry = z
  .union([
    // In the JSON Schema, the id alone lists only the rules that cannot report an error (editors flag the rest).
    lintRuleId.meta({ enum: LINT_RULE_IDS.filter((id) => LINT_RULE_MAX_SEVERITY[id] !== "error") }),
    z.strictObject({
      rule: lintRuleId,
      reason: z
        .string({ error: "must say why the finding is acceptable" })
        .min(1, { error: "must say why the finding is acceptable" })
        .max(1000, { error: "must be at most 1000 characters" })
        .describe("Why the finding is acceptable here (shown by `crossrole lint` among the acknowledged)."),
    }),
  ])
  .refine((entry) => typeof entry !== "string" || LINT_RULE_MAX_SEVERITY[entry] !== "error", {
    error: (issue) =>
      `is a rule that can report errors, so acknowledging it takes a reason: { rule: ${String(issue.input)}, reason: "why it is acceptable here" }`,
  });

/** `lint:` at the top of the spec (every finding of a rule) or in a target (that target's findings). */
const lintSettings = z
  .strictObject({
    ignore: z
      .array(lintIgnoreEntry)
      .optional()
      .describe(
        "Lint rules whose findings are acknowledged: not printed by plan, lint and verify (lint counts them) and not failing them. An id, or { rule, reason }; a rule that can report an error needs a reason.",
      ),
  })
  .describe("Security lint settings.");

/**
 * Administrator credentials crossrole uses for one side (apply, diff, destroy): a profile of the shared AWS config
 * files, or a role to assume (with the default credential chain), optionally with an ExternalId. Without it, the
 * default chain; the flags --target-profile / --build-profile override it.
 */
export const adminSchema = z
  .strictObject({
    profile: z
      .string({ error: "must be the name of a profile in ~/.aws/config or ~/.aws/credentials" })
      .regex(/^[^\s[\]]{1,128}$/, {
        error: "must be a profile name: 1..128 characters, no spaces or brackets",
      })
      .optional()
      .describe("A profile of the shared AWS config/credentials files."),
    roleArn: z
      .string({ error: "must be an IAM role ARN: arn:aws:iam::ACCOUNT:role/NAME" })
      .regex(ADMIN_ROLE_ARN, {
        error:
          "must be an IAM role ARN: arn:aws:iam::ACCOUNT:role/NAME (a path may precede NAME; in a target with accounts, ACCOUNT may be {account})",
      })
      .optional()
      .describe(
        "A role to assume, from the default credential chain, to administer this account. In a target with accounts, {account} in the account field stands for each account: arn:aws:iam::{account}:role/OrganizationAccountAccessRole.",
      ),
    externalId: externalId.optional().describe("The sts:ExternalId the admin role requires, if any."),
  })
  .refine((a) => (a.profile === undefined) !== (a.roleArn === undefined), {
    error:
      "admin needs exactly one of profile or roleArn, e.g. { profile: target-admin } or { roleArn: arn:aws:iam::111111111111:role/Admin }",
  })
  .refine((a) => a.externalId === undefined || a.roleArn !== undefined, {
    error: "admin.externalId is only used with admin.roleArn",
    path: ["externalId"],
  })
  .describe(
    "Credentials crossrole uses to administer this account (apply, diff, destroy). Default: the AWS credential chain.",
  );

/** An AWS Organizations OU ID, e.g. ou-ab12-34cd56ef. */
const organizationalUnitId = z
  .string()
  .regex(/^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$/, {
    error: "must be an organizational unit ID such as ou-ab12-34cd56ef",
  })
  .describe("AWS Organizations OU ID.");

/**
 * One ExternalId per account of a multi-account target (`accounts:`): `{ "111111111111": id }`, each generated,
 * never shared (`crossrole rollout` fills in missing ones). A value may be [new, old] during a rotation.
 */
const fleetExternalIds = z
  .record(accountId, targetExternalId)
  .describe(
    "Multi-account targets only: the sts:ExternalId of each account, keyed by account ID. Generated per account by `crossrole rollout`; never reuse one.",
  );

export const targetSchema = z
  .strictObject({
    account: accountId
      .optional()
      .describe(
        "12-digit AWS account ID of the target, as a quoted string. A target has exactly one of account, accounts or organizationalUnits.",
      ),
    role: roleRef,
    region: region.optional().describe("Overrides the top-level region for this target."),
    description: z.string().max(1000, { error: "must be at most 1000 characters" }).optional(),
    externalId: targetExternalId.optional(),
    externalIds: fleetExternalIds.optional(),
    accounts: z
      .array(accountId)
      .min(1, { error: "must list at least one account" })
      .refine((a) => new Set(a).size === a.length, { error: "must not list an account twice" })
      .optional()
      .describe(
        "Several target accounts sharing this role definition, each with its own ExternalId (externalIds). Rolled out as a CloudFormation StackSet (`crossrole rollout`).",
      ),
    organizationalUnits: z
      .array(organizationalUnitId)
      .min(1, { error: "must list at least one OU" })
      .refine((a) => new Set(a).size === a.length, { error: "must not list an OU twice" })
      .optional()
      .describe(
        "AWS Organizations OUs whose accounts get this role: a service-managed StackSet with auto-deployment (`crossrole rollout`).",
      ),
    externalIdPrefix: z
      .string()
      .regex(OU_EXTERNAL_ID_PREFIX, {
        error: `must be 2..${OU_EXTERNAL_ID_PREFIX_MAX} characters of ${EXTERNAL_ID_CHARSET} (no spaces)`,
      })
      .optional()
      .describe(
        "organizationalUnits targets only: each account's sts:ExternalId is <externalIdPrefix>-<account ID>, derived in the StackSet template so accounts joining an OU later get their own. Generated by `crossrole rollout`.",
      ),
    deployedAccounts: z
      .array(accountId)
      .refine((a) => new Set(a).size === a.length, { error: "must not list an account twice" })
      .optional()
      .describe(
        "organizationalUnits targets only: the accounts the StackSet has a role in, recorded by `crossrole rollout` (verify, diff, revoke and the BUILD grant use them). Run rollout again after accounts join or leave the OUs.",
      ),
    maxSessionDuration: maxSessionDurationSchema
      .optional()
      .describe("Role MaxSessionDuration in seconds, 3600..43200. Default 3600."),
    allowSessionTags: z
      .boolean()
      .optional()
      .describe("Add sts:TagSession to the trust policy (callers pass session tags)."),
    allowSourceIdentity: z
      .boolean()
      .optional()
      .describe("Add sts:SetSourceIdentity to the trust policy (callers set a source identity)."),
    permissions: permissions.optional(),
    tags: tags.optional(),
    admin: adminSchema.optional(),
    lint: lintSettings
      .optional()
      .describe(
        "Security lint settings for this target: its findings only (every account of a multi-account target).",
      ),
  })
  .refine((t) => [t.account, t.accounts, t.organizationalUnits].some((v) => v !== undefined), {
    error:
      'is required: 12-digit AWS account ID in quotes, e.g. "111111111111" (or several under accounts, or OUs under organizationalUnits)',
    path: ["account"],
  })
  .refine((t) => [t.account, t.accounts, t.organizationalUnits].filter((v) => v !== undefined).length <= 1, {
    error:
      'a target needs exactly one of account ("111111111111"), accounts (a list) or organizationalUnits (a list of ou-... IDs)',
  })
  .refine((t) => t.externalIds === undefined || t.accounts !== undefined, {
    error: "externalIds (one per account) is only used with accounts; a single account uses externalId",
    path: ["externalIds"],
  })
  .refine((t) => t.externalId === undefined || t.account !== undefined, {
    error:
      "externalId is only used with account; with accounts, give each account its own under externalIds (crossrole rollout generates them)",
    path: ["externalId"],
  })
  .refine(
    (t) =>
      t.externalIds === undefined ||
      t.accounts === undefined ||
      Object.keys(t.externalIds).every((a) => t.accounts?.includes(a)),
    {
      error: "externalIds names an account that is not in accounts",
      path: ["externalIds"],
    },
  )
  .refine((t) => t.externalIdPrefix === undefined || t.organizationalUnits !== undefined, {
    error:
      "externalIdPrefix is only used with organizationalUnits (crossrole rollout writes it); a single account uses externalId, accounts use externalIds",
    path: ["externalIdPrefix"],
  })
  .refine((t) => t.deployedAccounts === undefined || t.organizationalUnits !== undefined, {
    error:
      "deployedAccounts is only used with organizationalUnits (crossrole rollout writes it); list your own accounts under accounts",
    path: ["deployedAccounts"],
  })
  .refine(
    (t) =>
      t.admin?.roleArn === undefined ||
      !usesAccountPlaceholder(t.admin.roleArn) ||
      t.accounts !== undefined ||
      t.organizationalUnits !== undefined,
    {
      error:
        "{account} in admin.roleArn is only used in a target with accounts or organizationalUnits (one role per account); name the account here",
      path: ["admin", "roleArn"],
    },
  )
  .refine((t) => adminServesEveryAccount(t.admin?.roleArn, t.accounts ?? t.deployedAccounts ?? []), {
    error:
      "this target spans several accounts, but admin.roleArn names one account: put {account} in its account field, e.g. arn:aws:iam::{account}:role/OrganizationAccountAccessRole, so crossrole assumes it in each account",
    path: ["admin", "roleArn"],
  })
  .describe(
    "A target: one account (account), several accounts (accounts) or OUs (organizationalUnits), and the role builds assume in each.",
  );

export const specSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1, { error: "must be 1 (the only spec version)" }),
    name: z
      .string({ error: "must be a name such as team-a" })
      .regex(SPEC_NAME, {
        error:
          "must start with a lowercase letter, then up to 39 lowercase letters, digits and hyphens, e.g. team-a",
      })
      .optional()
      .describe(
        "This spec's identity on its BUILD principal: its part of the grant is crossrole-assume-targets-<name>, and apply, diff and destroy touch only that part. Give each spec its own name when several specs share one BUILD principal; a spec without one owns crossrole-assume-targets.",
      ),
    region,
    allowUnknownRegion: z
      .boolean()
      .optional()
      .describe(
        "Accept regions that are not in crossrole's list of AWS regions (one newer than this crossrole). Default false: an unknown region is refused as a probable typo.",
      ),
    build: z
      .strictObject({
        account: accountId,
        principal: buildPrincipal,
        admin: adminSchema
          .refine((a) => a.roleArn === undefined || !usesAccountPlaceholder(a.roleArn), {
            error:
              "{account} in admin.roleArn is only used in a target with accounts; name the BUILD account here",
            path: ["roleArn"],
          })
          .optional(),
        oidc: oidcSchema.optional(),
      })
      .refine(
        (b) => b.oidc === undefined || typeof b.principal !== "string" || isRolePrincipal(b.principal),
        {
          error:
            "with oidc, the BUILD principal is the role the CI platform's tokens assume: write role/NAME (crossrole apply creates it)",
          path: ["principal"],
        },
      )
      .describe("The BUILD account and the principal its build servers run as."),
    targets: z
      .record(
        z
          .string()
          .regex(TARGET_NAME, { error: "target names start with a letter, then letters, digits, _ or -" }),
        targetSchema,
      )
      .refine((t) => Object.keys(t).length > 0, { error: "must name at least one target" })
      .refine((t) => fleetNameClashes(t).length === 0, {
        error:
          "a target name equals GROUP-ACCOUNT, the name crossrole gives an account of a multi-account target; rename it",
      })
      .describe("The target accounts, each under a name of your choice, and the role builds assume in each."),
    lint: lintSettings
      .optional()
      .describe(
        "Security lint settings for the whole spec: rules acknowledged for every target and the BUILD side.",
      ),
  })
  .describe("crossrole access spec: cross-account build access from one BUILD account to target accounts.");

/** A validated access spec. */
export type AccessSpec = z.infer<typeof specSchema>;
/** One target of a validated access spec. */
export type TargetSpec = z.infer<typeof targetSchema>;
/** The `admin` block of the BUILD side or of a target. */
export type AdminSpec = z.infer<typeof adminSchema>;
/** The permissions block of a target. */
export type PermissionsSpec = NonNullable<TargetSpec["permissions"]>;
/** An entry of `lint.ignore`. */
export type LintIgnoreSpec = z.infer<typeof lintIgnoreEntry>;
/** A raw statement of `permissions.statements`. */
export type RawStatementSpec = z.infer<typeof rawStatement>;

export { fleetMemberName };

// --- internal ---

function unknownLintRule(input: unknown): string {
  if (typeof input !== "string") return "must be a lint rule id such as confused-deputy-single-target";
  const near = suggestKey(input, LINT_RULE_IDS);
  return near === undefined
    ? "is not a lint rule id (`crossrole lint` prints each finding's id; the README lists them)"
    : `is not a lint rule id; did you mean \`${near}\`?`;
}

/** A multi-account target's admin role must be per account ({account}) unless every account is the one it names. */
function adminServesEveryAccount(roleArn: string | undefined, accounts: readonly string[]): boolean {
  if (roleArn === undefined || usesAccountPlaceholder(roleArn)) return true;
  const account = adminRoleAccount(roleArn);
  return accounts.every((a) => a === account);
}

function fleetNameClashes(
  targets: Record<string, { accounts?: string[] | undefined; deployedAccounts?: string[] | undefined }>,
): string[] {
  const names = new Set(Object.keys(targets));
  return Object.entries(targets).flatMap(([group, t]) =>
    (t.accounts ?? t.deployedAccounts ?? [])
      .map((a) => fleetMemberName(group, a))
      .filter((n) => names.has(n)),
  );
}
