import type { AccessPlan, OrganizationalUnitTarget, TargetPlan } from "../core/plan/access-plan.js";
import { OU_EXTERNAL_ID_PREFIX_MAX } from "../core/spec/ou-external-id.js";
import { renderTargetTemplate } from "./render-cloudformation.js";

/** A StackSet's template and each account's parameter overrides. */
export interface StackSetTemplate {
  /** The template body (JSON), identical for every account. */
  templateBody: string;
  /** The parameter holding the account's ExternalId (e.g. `ExternalIdBuilders`). */
  externalIdParameter: string;
  /** Per account: the ExternalId parameter value (comma-separated [new, old] during a rotation). */
  overrides: Map<string, string>;
}

/**
 * The StackSet template of a multi-account target (`crossrole rollout`): the per-account CloudFormation template
 * of `crossrole plan --format cloudformation` for one role, made account-independent:
 * - the ExternalId parameter has no usable default (`!` fails its pattern), so an instance deployed without its
 *   own override fails instead of sharing an ID; each account's ID is a ParameterOverride;
 * - the values crossrole derives from the account (ECR repository ARNs, from the plan's `permissionTemplate`)
 *   become `${AWS::AccountId}` (Fn::Sub); everything the spec names (KMS keys, raw statements) stays as written,
 *   so every account gets exactly its plan.
 *
 * @param members the plan's targets of one group (`TargetPlan.group`), all with the same role definition.
 * @throws Error when `members` is empty (a bug: the caller selects a group with accounts).
 */
export function renderStackSetTemplate(
  plan: AccessPlan,
  group: string,
  members: readonly TargetPlan[],
): StackSetTemplate {
  const first = members[0];
  if (first === undefined) throw new Error(`target group ${group} has no accounts`);
  const rotation = members.some((m) => m.externalIds.length > 1);
  const model: TargetPlan = {
    ...first,
    name: group,
    externalIds: rotation ? ["placeholder-new", "placeholder-old"] : ["placeholder"],
  };
  const template = renderTargetTemplate(plan, first.account, [model], { anyAccount: true });
  const parameters = template.Parameters as Record<string, Record<string, unknown>>;
  const externalIdParameter = Object.keys(parameters).find((k) => k.startsWith("ExternalId")) ?? "";
  const parameter = parameters[externalIdParameter];
  if (parameter !== undefined) {
    parameter.Default = "!";
    parameter.Description = `sts:ExternalId of the role of target ${group}: one per account, set as a StackSet ParameterOverride. Not a secret.`;
  }
  template.Description = `crossrole (${plan.source}): role of target group ${group} that builds in account ${plan.build.account} assume, one ExternalId per account`;
  const overrides = new Map(members.map((m) => [m.account, m.externalIds.join(",")]));
  const body = withDeliberateDefault(template, externalIdParameter);
  return { templateBody: `${JSON.stringify(body, null, 2)}\n`, externalIdParameter, overrides };
}

/** The StackSet template of an `organizationalUnits` target. */
export interface OuStackSetTemplate {
  templateBody: string;
  /** The parameter holding the ExternalId prefix (e.g. `ExternalIdPrefixBuilders`), a StackSet parameter. */
  prefixParameter: string;
}

/**
 * The StackSet template of an `organizationalUnits` target (service-managed, auto-deployment): as
 * {@link renderStackSetTemplate}, but the trust policy requires `${Prefix}-${AWS::AccountId}` (Fn::Sub), so each
 * account, including one that joins an OU later, gets its own ExternalId from the StackSet's single prefix
 * parameter (see core/plan/ou-external-id.ts). The prefix parameter has no usable default (`!` fails its pattern).
 */
export function renderOuStackSetTemplate(
  plan: AccessPlan,
  target: OrganizationalUnitTarget,
): OuStackSetTemplate {
  const model: TargetPlan = { ...target.model, name: target.name, externalIds: ["placeholder"] };
  const template = renderTargetTemplate(plan, model.account, [model], { anyAccount: true });
  const parameters = template.Parameters as Record<string, Record<string, unknown>>;
  const idParameter = Object.keys(parameters).find((k) => k.startsWith("ExternalId")) ?? "";
  const prefixParameter = idParameter.replace(/^ExternalId/, "ExternalIdPrefix");
  delete parameters[idParameter];
  parameters[prefixParameter] = {
    Type: "String",
    Description: `Prefix of the sts:ExternalId of the role of target ${target.name}: each account requires <prefix>-<its account ID>. Not a secret.`,
    Default: "!",
    AllowedPattern: `^[\\w+=,.@:/-]{2,${OU_EXTERNAL_ID_PREFIX_MAX}}$`,
  };
  template.Description = `crossrole (${plan.source}): role of target ${target.name} (OUs ${target.organizationalUnits.join(", ")}) that builds in account ${plan.build.account} assume, one ExternalId per account`;
  const derived = { "Fn::Sub": `\${${prefixParameter}}-\${AWS::AccountId}` };
  template.Resources = replaceRef(template.Resources, idParameter, derived);
  const body = withDeliberateDefault(template, prefixParameter);
  return { templateBody: `${JSON.stringify(body, null, 2)}\n`, prefixParameter };
}

/** The StackSet name of a multi-account target: `crossrole-<group>` (underscores become dashes). */
export function stackSetName(group: string): string {
  return `crossrole-${group.replace(/_/g, "-")}`;
}

// --- internal ---

/**
 * The template with Metadata (after its Description) that tells cfn-lint, and its readers, that `parameter`'s
 * default `!` is refused by its own AllowedPattern on purpose (cfn-lint E2015): a stack instance deployed without
 * its own value fails instead of sharing an ExternalId. cfn-lint reads `Metadata.cfn-lint.config.ignore_checks`.
 */
function withDeliberateDefault(
  template: Record<string, unknown>,
  parameter: string,
): Record<string, unknown> {
  const { AWSTemplateFormatVersion, Description, ...rest } = template;
  return {
    AWSTemplateFormatVersion,
    Description,
    Metadata: {
      "cfn-lint": { config: { ignore_checks: ["E2015"] } },
      crossrole: {
        cfnLintIgnoredChecks: {
          E2015: `Parameter ${parameter} defaults to "!", which its AllowedPattern refuses on purpose: a stack instance deployed without its own value fails instead of sharing an ExternalId.`,
        },
      },
    },
    ...rest,
  };
}

/** Replaces every `{ Ref: name }` object with `replacement`. */
function replaceRef(value: unknown, name: string, replacement: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => replaceRef(v, name, replacement));
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]?.[0] === "Ref" && entries[0][1] === name) return replacement;
    return Object.fromEntries(entries.map(([k, v]) => [k, replaceRef(v, name, replacement)]));
  }
  return value;
}
