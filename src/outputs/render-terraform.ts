import {
  type AccessPlan,
  type BuildPlan,
  groupTargetsByAccount,
  PERMISSION_POLICY_NAME,
  type TargetPlan,
} from "../core/plan/access-plan.js";
import { GRANT_POLICY_PATH } from "../core/plan/grant-layout.js";
import type { PolicyDocument } from "../core/plan/policy-document.js";
import { parameterizeTrustPolicy } from "./parameterize-trust-policy.js";
import { orderPolicy } from "./render-plan-json.js";
import type { OutputFile } from "./write-output-files.js";

/** A Terraform JSON configuration as a plain object. */
type Config = Record<string, unknown>;

/** Region the AWS provider needs for IAM (a global service) in each partition. */
const IAM_REGION: Record<BuildPlan["partition"], string> = {
  aws: "us-east-1",
  "aws-cn": "cn-north-1",
  "aws-us-gov": "us-gov-west-1",
};

/**
 * Terraform JSON configurations (`crossrole plan --format terraform`): one root module per account, each in its
 * own directory (`target-ACCOUNT/main.tf.json`, `build-ACCOUNT/main.tf.json`) because each is applied with that
 * account's credentials, and `allowed_account_ids` makes Terraform refuse any other account.
 *
 * - Targets: `aws_iam_role`, `aws_iam_role_policy` (inline permissions) and one `aws_iam_role_policy_attachment`
 *   per managed policy, named after the target. Variables `build_principal_arn` and `external_id_<target>`
 *   (a list during a rotation window) default to the planned values; the trust policy reads them through
 *   `jsonencode`, so any value is quoted correctly.
 * - BUILD: the grant as `aws_iam_user_policy` or `aws_iam_role_policy`; for a `root` principal an `aws_iam_policy`
 *   for the BUILD admins to attach to whoever runs builds.
 *
 * Policy documents are JSON strings with Terraform's template markers escaped (`$${`, `%%{`).
 */
export function renderTerraform(plan: AccessPlan): OutputFile[] {
  const files = [...groupTargetsByAccount(plan)].map(([account, targets]) => ({
    path: `target-${account}/main.tf.json`,
    content: toJson(targetModule(plan, account, targets)),
  }));
  files.push({
    path: `build-${plan.build.account}/main.tf.json`,
    content: toJson(withOidcResources(buildModule(plan.build), plan.build)),
  });
  return files;
}

// --- internal ---

function header(account: string, region: string): Config {
  return {
    terraform: { required_providers: { aws: { source: "hashicorp/aws", version: ">= 5.0" } } },
    provider: { aws: { region, allowed_account_ids: [account] } },
  };
}

function targetModule(plan: AccessPlan, account: string, targets: TargetPlan[]): Config {
  const variables: Config = {
    build_principal_arn: {
      type: "string",
      description: "The BUILD account principal the roles trust (it must exist before apply).",
      default: plan.build.principalArn,
    },
  };
  const resources: Record<string, Config> = {
    aws_iam_role: {},
    aws_iam_role_policy: {},
    aws_iam_role_policy_attachment: {},
  };
  const outputs: Config = {};
  const names = terraformNames(targets.map((t) => t.name));
  targets.forEach((target, i) => {
    const name = names[i] ?? target.name;
    const externalIdVar = `external_id_${name}`;
    if (target.externalIds.length > 0) variables[externalIdVar] = externalIdVariable(target);
    Object.assign(resources.aws_iam_role ?? {}, { [name]: roleBlock(plan, target, externalIdVar) });
    if (target.permissionPolicy !== undefined) {
      Object.assign(resources.aws_iam_role_policy ?? {}, {
        [name]: {
          name: PERMISSION_POLICY_NAME,
          role: `\${aws_iam_role.${name}.id}`,
          policy: policyString(target.permissionPolicy),
        },
      });
    }
    Object.assign(
      resources.aws_iam_role_policy_attachment ?? {},
      attachments(name, target.managedPolicyArns),
    );
    outputs[`role_arn_${name}`] = {
      description: `ARN of the role builds assume for target ${target.name}`,
      value: `\${aws_iam_role.${name}.arn}`,
    };
  });
  const resource = Object.fromEntries(
    Object.entries(resources).filter(([, blocks]) => Object.keys(blocks).length > 0),
  );
  return {
    ...header(account, targets[0]?.region ?? "us-east-1"),
    variable: variables,
    resource,
    output: outputs,
  };
}

function externalIdVariable(target: TargetPlan): Config {
  const rotation = target.externalIds.length > 1;
  return {
    type: rotation ? "list(string)" : "string",
    description: `sts:ExternalId required to assume the role of target ${target.name}. Not a secret.`,
    default: rotation ? target.externalIds : target.externalIds[0],
  };
}

function roleBlock(plan: AccessPlan, target: TargetPlan, externalIdVar: string): Config {
  return {
    name: target.roleName,
    path: escapeTemplate(target.rolePath),
    ...(target.description === undefined ? {} : { description: escapeTemplate(target.description) }),
    max_session_duration: target.maxSessionDuration,
    assume_role_policy: trustString(target.trustPolicy, plan.build.principalArn, externalIdVar),
    tags: Object.fromEntries(Object.entries(target.tags).map(([k, v]) => [k, escapeTemplate(v)])),
  };
}

/** One attachment per managed policy, named `<target>_<policy name>`. */
function attachments(roleName: string, policyArns: readonly string[]): Config {
  const names = terraformNames(policyArns.map((arn) => `${roleName}_${arn.split("/").pop() ?? "policy"}`));
  return Object.fromEntries(
    policyArns.map((arn, i) => [names[i], { role: `\${aws_iam_role.${roleName}.name}`, policy_arn: arn }]),
  );
}

/** Terraform block names (letters, digits, `_`; `our-thing` → `our_thing`), unique within the list. */
function terraformNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((raw) => {
    const base = raw.replace(/[^A-Za-z0-9_]/g, "_").replace(/^(?=[0-9])/, "_");
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  });
}

/** The trust policy as a JSON template string reading the principal and ExternalId from variables. */
function trustString(trust: PolicyDocument, principalArn: string, externalIdVar: string): string {
  const marked = parameterizeTrustPolicy(trust, {
    principalArn,
    principal: marker("build_principal_arn"),
    externalId: marker(externalIdVar),
  });
  return escapeTemplate(JSON.stringify(marked)).replace(
    /"@@crossrole-var:([A-Za-z0-9_-]+)@@"/g,
    "$${jsonencode(var.$1)}",
  );
}

function marker(variable: string): string {
  return `@@crossrole-var:${variable}@@`;
}

function buildModule(build: BuildPlan): Config {
  const policy = policyString(build.grantPolicy);
  const region = IAM_REGION[build.partition];
  if (build.principalKind === "root") {
    return {
      ...header(build.account, region),
      resource: {
        aws_iam_policy: {
          assume_targets: {
            name: build.grantPolicyName,
            description:
              "sts:AssumeRole on exactly the crossrole target roles; attach it to the principals that run builds",
            policy,
          },
        },
      },
      output: {
        policy_arn: {
          description: "ARN of the policy to attach",
          value: `\${aws_iam_policy.assume_targets.arn}`,
        },
      },
    };
  }
  if (build.grantLayout.kind === "managed") {
    // Over the principal's inline quota: customer-managed policies, as crossrole apply stores them.
    const [attachment, key] =
      build.principalKind === "user"
        ? ["aws_iam_user_policy_attachment", "user"]
        : ["aws_iam_role_policy_attachment", "role"];
    const policies: Record<string, unknown> = {};
    const attachments: Record<string, unknown> = {};
    build.grantLayout.parts.forEach((part, i) => {
      const id = `assume_targets_${i + 1}`;
      policies[id] = {
        name: part.policyName,
        path: GRANT_POLICY_PATH,
        description: "Part of the crossrole BUILD grant: sts:AssumeRole on exactly the target roles",
        policy: policyString(part.policy),
      };
      attachments[id] = { [key]: build.principalName, policy_arn: `\${aws_iam_policy.${id}.arn}` };
    });
    return {
      ...header(build.account, region),
      resource: { aws_iam_policy: policies, [attachment]: attachments },
    };
  }
  const [type, key] =
    build.principalKind === "user" ? ["aws_iam_user_policy", "user"] : ["aws_iam_role_policy", "role"];
  return {
    ...header(build.account, region),
    resource: {
      [type]: { assume_targets: { name: build.grantPolicyName, [key]: build.principalName, policy } },
    },
  };
}

/**
 * Keyless builds: the BUILD module also creates the IAM OIDC provider and the BUILD role (trust as planned, after
 * the provider), and the grant names the role through `aws_iam_role.build.name`, so Terraform creates it first.
 */
function withOidcResources(config: Config, build: BuildPlan): Config {
  const oidc = build.oidc;
  if (oidc === undefined) return config;
  const resource = { ...(config.resource as Record<string, Record<string, Config>>) };
  for (const [type, blocks] of Object.entries(resource)) {
    resource[type] = Object.fromEntries(
      Object.entries(blocks).map(([name, block]) => [
        name,
        block.role === build.principalName ? { ...block, role: `\${aws_iam_role.build.name}` } : block,
      ]),
    );
  }
  const tags = Object.fromEntries(Object.entries(oidc.tags).map(([k, v]) => [k, escapeTemplate(v)]));
  return {
    ...config,
    // thumbprint_list became optional in hashicorp/aws 5.81 (AWS validates GitHub's and GitLab's issuers with
    // its own trusted CAs; IAM fetches a thumbprint for others).
    terraform: { required_providers: { aws: { source: "hashicorp/aws", version: ">= 5.81" } } },
    resource: {
      aws_iam_openid_connect_provider: {
        ci: { url: escapeTemplate(oidc.issuer), client_id_list: [escapeTemplate(oidc.audience)], tags },
      },
      aws_iam_role: {
        build: {
          name: oidc.roleName,
          path: escapeTemplate(oidc.rolePath),
          description: escapeTemplate(oidc.description),
          max_session_duration: oidc.maxSessionDuration,
          assume_role_policy: policyString(oidc.trustPolicy),
          tags,
          depends_on: ["aws_iam_openid_connect_provider.ci"],
        },
      },
      ...resource,
    },
    output: {
      build_role_arn: {
        description: "ARN of the BUILD role CI jobs assume with their OIDC token (AWS_ROLE_ARN)",
        value: `\${aws_iam_role.build.arn}`,
      },
      oidc_provider_arn: {
        description: "ARN of the IAM OIDC identity provider",
        value: `\${aws_iam_openid_connect_provider.ci.arn}`,
      },
    },
  };
}

function policyString(doc: PolicyDocument): string {
  return escapeTemplate(JSON.stringify(orderPolicy(doc)));
}

/** Terraform reads `${` and `%{` in strings as template markers; IAM policy variables must stay literal. */
function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

function toJson(config: Config): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}
