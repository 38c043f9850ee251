import {
  type AccessPlan,
  type BuildPlan,
  groupTargetsByAccount,
  PERMISSION_POLICY_NAME,
  type TargetPlan,
} from "../core/plan/access-plan.js";
import type { AccountScopedPolicy, ScopedResource } from "../core/plan/account-scoped-policy.js";
import { GRANT_POLICY_PATH } from "../core/plan/grant-layout.js";
import type { PolicyDocument } from "../core/plan/policy-document.js";
import { parameterizeTrustPolicy } from "./parameterize-trust-policy.js";
import { orderPolicy } from "./render-plan-json.js";
import type { OutputFile } from "./write-output-files.js";

/** A CloudFormation template as a plain object. */
type Template = Record<string, unknown>;

/**
 * CloudFormation templates (`crossrole plan --format cloudformation`): one per target account,
 * `target-ACCOUNT.template.json`, holding an `AWS::IAM::Role` per target of that account; and one for the BUILD
 * account, `build-ACCOUNT.template.json`, holding the grant.
 *
 * - Parameters `BuildPrincipalArn` and `ExternalId<Target>` (a CommaDelimitedList during a rotation window) default
 *   to the planned values. They are not NoEcho: an ExternalId is not a secret (R2) and shows in the trust policy.
 * - Logical IDs always carry the target name (`RoleOurthing`), so adding a second target to an account never
 *   renames, and thereby replaces, an existing role.
 * - The BUILD template puts the grant inline on the named user or role (`AWS::IAM::Policy`). With a `root`
 *   principal there is no single principal to attach it to, so it becomes an `AWS::IAM::ManagedPolicy` for the
 *   BUILD admins to attach to whoever runs builds.
 *
 * Deploy the BUILD side first: IAM rejects a trust policy naming a principal that does not exist yet (R16).
 */
export function renderCloudFormation(plan: AccessPlan): OutputFile[] {
  const files = [...groupTargetsByAccount(plan)].map(([account, targets]) => ({
    path: `target-${account}.template.json`,
    content: toJson(targetTemplate(plan, account, targets)),
  }));
  files.push({
    path: `build-${plan.build.account}.template.json`,
    content: toJson(withOidcResources(buildTemplate(plan), plan.build)),
  });
  return files;
}

/**
 * The template of one target account (the roles of `targets`), as an object: what {@link renderCloudFormation}
 * writes per account, reused for StackSets (`crossrole rollout`). With `anyAccount`, the permission policies come
 * from the targets' `permissionTemplate`: exactly the values crossrole derives from the account (ECR repository
 * ARNs) become `${AWS::AccountId}`, everything the spec names stays as written.
 *
 * @throws Error with `anyAccount` for a target that has a permission policy but no template (a bug: the plan was
 *   not built from a spec).
 */
export function renderTargetTemplate(
  plan: AccessPlan,
  account: string,
  targets: TargetPlan[],
  options: { anyAccount?: boolean } = {},
): Record<string, unknown> {
  return targetTemplate(plan, account, targets, options.anyAccount === true);
}

// --- internal ---

function targetTemplate(
  plan: AccessPlan,
  account: string,
  targets: TargetPlan[],
  anyAccount = false,
): Template {
  const ids = logicalIds(targets.map((t) => t.name));
  const parameters: Template = { BuildPrincipalArn: principalParameter(plan.build) };
  const resources: Template = {};
  const outputs: Template = {};
  targets.forEach((target, i) => {
    const id = ids[i] ?? "";
    if (target.externalIds.length > 0) parameters[`ExternalId${id}`] = externalIdParameter(target);
    resources[`Role${id}`] = roleResource(plan, target, `ExternalId${id}`, anyAccount);
    outputs[`RoleArn${id}`] = {
      Description: `ARN of the role builds assume for target ${target.name}`,
      Value: { "Fn::GetAtt": [`Role${id}`, "Arn"] },
    };
  });
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `crossrole (${plan.source}): roles in account ${account} that builds in account ${plan.build.account} assume`,
    Parameters: parameters,
    Resources: resources,
    Outputs: outputs,
  };
}

function principalParameter(build: BuildPlan): Template {
  return {
    Type: "String",
    Description: "The BUILD account principal the roles trust (deploy it before this stack).",
    Default: build.principalArn,
    AllowedPattern: "^arn:aws[a-z-]*:iam::\\d{12}:(root|user/.+|role/.+)$",
  };
}

function externalIdParameter(target: TargetPlan): Template {
  const rotation = target.externalIds.length > 1;
  return {
    Type: rotation ? "CommaDelimitedList" : "String",
    Description: `sts:ExternalId required to assume the role of target ${target.name}${rotation ? " (comma-separated during a rotation)" : ""}. Not a secret.`,
    Default: target.externalIds.join(","),
    ...(rotation ? {} : { AllowedPattern: "^[\\w+=,.@:/-]{2,1224}$" }),
  };
}

function roleResource(
  plan: AccessPlan,
  target: TargetPlan,
  externalIdParam: string,
  anyAccount: boolean,
): Template {
  const properties: Template = {
    RoleName: target.roleName,
    Path: target.rolePath,
    ...(target.description === undefined ? {} : { Description: target.description }),
    MaxSessionDuration: target.maxSessionDuration,
    AssumeRolePolicyDocument: parameterizeTrustPolicy(target.trustPolicy, {
      principalArn: plan.build.principalArn,
      principal: { Ref: "BuildPrincipalArn" },
      externalId: { Ref: externalIdParam },
    }),
  };
  if (target.permissionPolicy !== undefined) {
    let document: unknown = orderPolicy(target.permissionPolicy);
    if (anyAccount) {
      if (target.permissionTemplate === undefined)
        throw new Error(`target ${target.name} has no account-independent permission policy`);
      document = anyAccountPolicy(target.permissionTemplate);
    }
    properties.Policies = [{ PolicyName: PERMISSION_POLICY_NAME, PolicyDocument: document }];
  }
  if (target.managedPolicyArns.length > 0) properties.ManagedPolicyArns = target.managedPolicyArns;
  properties.Tags = Object.entries(target.tags).map(([Key, Value]) => ({ Key, Value }));
  return { Type: "AWS::IAM::Role", Properties: properties };
}

function buildTemplate(plan: AccessPlan): Template {
  const { build } = plan;
  const document = orderPolicy(build.grantPolicy);
  const description = `crossrole (${plan.source}): lets builds in account ${build.account} assume the target roles`;
  if (build.principalKind === "root") {
    return {
      AWSTemplateFormatVersion: "2010-09-09",
      Description: `${description}. The targets trust the whole account, so attach this policy to the users or roles that run builds.`,
      Resources: {
        AssumeTargetsPolicy: {
          Type: "AWS::IAM::ManagedPolicy",
          Properties: {
            ManagedPolicyName: build.grantPolicyName,
            Description: "sts:AssumeRole on exactly the crossrole target roles",
            PolicyDocument: document,
          },
        },
      },
      Outputs: {
        PolicyArn: { Description: "ARN of the policy to attach", Value: { Ref: "AssumeTargetsPolicy" } },
      },
    };
  }
  const attach = build.principalKind === "user" ? "Users" : "Roles";
  if (build.grantLayout.kind === "managed") {
    // Over the principal's inline quota: customer-managed policies, as crossrole apply stores them.
    const resources: Template = {};
    build.grantLayout.parts.forEach((part, i) => {
      resources[`AssumeTargetsPolicy${i + 1}`] = {
        Type: "AWS::IAM::ManagedPolicy",
        Properties: {
          ManagedPolicyName: part.policyName,
          Path: GRANT_POLICY_PATH,
          Description: "Part of the crossrole BUILD grant: sts:AssumeRole on exactly the target roles",
          PolicyDocument: orderPolicy(part.policy),
          [attach]: [build.principalName],
        },
      };
    });
    return {
      AWSTemplateFormatVersion: "2010-09-09",
      Description: `${description}, as ${build.principalArn} (the grant is over the inline-policy quota: ${build.grantLayout.parts.length} managed policies)`,
      Resources: resources,
    };
  }
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `${description}, as ${build.principalArn}`,
    Resources: {
      AssumeTargetsPolicy: {
        Type: "AWS::IAM::Policy",
        Properties: {
          PolicyName: build.grantPolicyName,
          PolicyDocument: document,
          [attach]: [build.principalName],
        },
      },
    },
  };
}

/**
 * Keyless builds: the BUILD template also creates the IAM OIDC provider and the BUILD role (its trust as planned,
 * after the provider: DependsOn), and the grant names the role by `Ref`, so CloudFormation creates it first. An
 * account has one provider per issuer URL: where it exists already, remove `OidcProvider` (and the DependsOn).
 */
function withOidcResources(template: Template, build: BuildPlan): Template {
  const oidc = build.oidc;
  if (oidc === undefined) return template;
  const grants = Object.fromEntries(
    Object.entries(template.Resources as Record<string, Template>).map(([id, resource]) => {
      const properties = resource.Properties as Template;
      return [
        id,
        Array.isArray(properties.Roles)
          ? { ...resource, Properties: { ...properties, Roles: [{ Ref: "BuildRole" }] } }
          : resource,
      ];
    }),
  );
  const tags = Object.entries(oidc.tags).map(([Key, Value]) => ({ Key, Value }));
  return {
    ...template,
    Description: `${String(template.Description)}; keyless: OIDC tokens of ${oidc.issuer} assume the role`,
    Resources: {
      OidcProvider: {
        Type: "AWS::IAM::OIDCProvider",
        Properties: { Url: oidc.issuer, ClientIdList: [oidc.audience], Tags: tags },
      },
      BuildRole: {
        Type: "AWS::IAM::Role",
        DependsOn: "OidcProvider",
        Properties: {
          RoleName: oidc.roleName,
          Path: oidc.rolePath,
          Description: oidc.description,
          MaxSessionDuration: oidc.maxSessionDuration,
          AssumeRolePolicyDocument: orderPolicy(oidc.trustPolicy),
          Tags: tags,
        },
      },
      ...grants,
    },
    Outputs: {
      ...(template.Outputs as Template | undefined),
      BuildRoleArn: {
        Description: "ARN of the BUILD role CI jobs assume with their OIDC token (AWS_ROLE_ARN)",
        Value: { "Fn::GetAtt": ["BuildRole", "Arn"] },
      },
      OidcProviderArn: {
        Description: "ARN of the IAM OIDC identity provider",
        Value: { Ref: "OidcProvider" },
      },
    },
  };
}

/** A permission template with its account-scoped values as `Fn::Sub` of `${AWS::AccountId}`, keys ordered. */
function anyAccountPolicy(policy: AccountScopedPolicy): unknown {
  const value = (r: ScopedResource): unknown =>
    typeof r === "string"
      ? r
      : { "Fn::Sub": `${subLiteral(r.beforeAccount)}\${AWS::AccountId}${subLiteral(r.afterAccount)}` };
  const statements = policy.Statement.map((s) =>
    s.Resource === undefined
      ? s
      : { ...s, Resource: Array.isArray(s.Resource) ? s.Resource.map(value) : value(s.Resource) },
  );
  // orderPolicy only reorders statement keys; the values (here Fn::Sub objects) pass through untouched.
  return orderPolicy({ Version: policy.Version, Statement: statements } as unknown as PolicyDocument);
}

/** Text inside an Fn::Sub string, taken literally (`${` is written `${!`). */
function subLiteral(text: string): string {
  return text.replaceAll("${", "${!");
}

/** Alphanumeric logical-ID suffixes from target names (`our-thing` → `OurThing`), unique within a template. */
function logicalIds(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = name
      .split(/[^A-Za-z0-9]+/)
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join("");
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}${n}`;
    used.add(id);
    return id;
  });
}

function toJson(template: Template): string {
  return `${JSON.stringify(template, null, 2)}\n`;
}
