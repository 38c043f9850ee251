import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DeleteStackInstancesCommand,
  DescribeStackInstanceCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  paginateListStackInstances,
  paginateListStackSetOperationResults,
  UpdateStackInstancesCommand,
  UpdateStackSetCommand,
} from "@aws-sdk/client-cloudformation";
import type { CrossroleError } from "../core/errors.js";
import type {
  AutoDeployment,
  InstancesInput,
  OperationPreferences,
  StackInstanceInfo,
  StackSetOperationResult,
  StackSetPort,
} from "../core/ports/stackset-port.js";
import { type AwsClientConfig, toSdkClientConfig } from "./aws-client-config.js";
import { translateAwsError } from "./translate-aws-error.js";

/** Capabilities every crossrole StackSet needs: its template names IAM roles (R25). */
const CAPABILITIES = ["CAPABILITY_NAMED_IAM" as const];

/**
 * The StackSet port on the AWS SDK: the only place crossrole imports @aws-sdk/client-cloudformation. Run it with
 * the credentials of the StackSet administrator account (SELF_MANAGED: it needs the role
 * AWSCloudFormationStackSetAdministrationRole, and every target account AWSCloudFormationStackSetExecutionRole
 * trusting it). StackSets are created with ManagedExecution active, so per-account operations queue instead of
 * failing with OperationInProgressException. A missing StackSet reads as undefined; every other failure is a
 * CrossroleError naming the call.
 */
export function createCloudFormationAdapter(
  config: AwsClientConfig,
  options: { callAs?: "SELF" | "DELEGATED_ADMIN" } = {},
): StackSetPort {
  // Service-managed StackSets administered from a delegated administrator account need CallAs on every call.
  const callAs = options.callAs === undefined ? {} : { CallAs: options.callAs };
  const client = new CloudFormationClient({
    ...toSdkClientConfig(config),
    region: config.region ?? "us-east-1",
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
  async function call<T>(action: string, resource: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw translateAwsError(error, {
        action: `cloudformation:${action}`,
        resource,
        endpoint: config.endpoint,
      });
    }
  }
  return {
    describeStackSet: async (name) => {
      try {
        return await call("DescribeStackSet", name, async () => {
          const { StackSet } = await client.send(
            new DescribeStackSetCommand({ StackSetName: name, ...callAs }),
          );
          if (StackSet === undefined || StackSet.Status === "DELETED") return undefined;
          const auto = StackSet.AutoDeployment;
          return {
            name: StackSet.StackSetName ?? name,
            templateBody: StackSet.TemplateBody ?? "",
            permissionModel: StackSet.PermissionModel ?? "SELF_MANAGED",
            parameters: Object.fromEntries(
              (StackSet.Parameters ?? []).map((p) => [p.ParameterKey ?? "", p.ParameterValue ?? ""]),
            ),
            organizationalUnitIds: StackSet.OrganizationalUnitIds ?? [],
            ...(auto === undefined
              ? {}
              : {
                  autoDeployment: {
                    enabled: auto.Enabled === true,
                    retainStacksOnAccountRemoval: auto.RetainStacksOnAccountRemoval === true,
                  },
                }),
          };
        });
      } catch (error) {
        if (/StackSetNotFound/.test((error as CrossroleError).message)) return undefined;
        throw error;
      }
    },
    createStackSet: (input) =>
      call("CreateStackSet", input.name, async () => {
        await client.send(
          new CreateStackSetCommand({
            StackSetName: input.name,
            Description: input.description,
            TemplateBody: input.templateBody,
            Capabilities: CAPABILITIES,
            PermissionModel: input.permissionModel ?? "SELF_MANAGED",
            ManagedExecution: { Active: true },
            ...parameters(input.parameters),
            ...autoDeployment(input.autoDeployment),
            ...callAs,
            ...(input.administrationRoleArn === undefined
              ? {}
              : { AdministrationRoleARN: input.administrationRoleArn }),
            ...(input.executionRoleName === undefined ? {} : { ExecutionRoleName: input.executionRoleName }),
            Tags: Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value })),
          }),
        );
      }),
    updateStackSet: (input) =>
      call("UpdateStackSet", input.name, async () => {
        const out = await client.send(
          new UpdateStackSetCommand({
            StackSetName: input.name,
            TemplateBody: input.templateBody,
            Capabilities: CAPABILITIES,
            ...parameters(input.parameters),
            ...autoDeployment(input.autoDeployment),
            ...preferences(input.preferences),
            ...callAs,
          }),
        );
        return out.OperationId ?? "";
      }),
    listStackInstances: (name) =>
      call("ListStackInstances", name, async () => {
        const all: StackInstanceInfo[] = [];
        for await (const page of paginateListStackInstances({ client }, { StackSetName: name, ...callAs })) {
          for (const s of page.Summaries ?? []) {
            all.push({
              account: s.Account ?? "",
              region: s.Region ?? "",
              status: s.Status ?? "",
              ...(s.StackInstanceStatus?.DetailedStatus === undefined
                ? {}
                : { detailedStatus: s.StackInstanceStatus.DetailedStatus }),
              ...(s.StatusReason === undefined ? {} : { statusReason: s.StatusReason }),
            });
          }
        }
        return all;
      }),
    describeStackInstanceOverrides: (name, account, region) =>
      call("DescribeStackInstance", `${name} ${account}/${region}`, async () => {
        const out = await client.send(
          new DescribeStackInstanceCommand({
            StackSetName: name,
            StackInstanceAccount: account,
            StackInstanceRegion: region,
            ...callAs,
          }),
        );
        const overrides: Record<string, string> = {};
        for (const p of out.StackInstance?.ParameterOverrides ?? [])
          if (p.ParameterKey !== undefined) overrides[p.ParameterKey] = p.ParameterValue ?? "";
        return overrides;
      }),
    createStackInstances: (input) =>
      call("CreateStackInstances", describe(input), async () => {
        const out = await client.send(new CreateStackInstancesCommand({ ...instances(input), ...callAs }));
        return out.OperationId ?? "";
      }),
    updateStackInstances: (input) =>
      call("UpdateStackInstances", describe(input), async () => {
        const out = await client.send(new UpdateStackInstancesCommand({ ...instances(input), ...callAs }));
        return out.OperationId ?? "";
      }),
    deleteStackInstances: (input) =>
      call("DeleteStackInstances", describe(input), async () => {
        const out = await client.send(
          new DeleteStackInstancesCommand({
            StackSetName: input.name,
            ...targets(input),
            Regions: input.regions,
            RetainStacks: false,
            ...preferences(input.preferences),
            ...callAs,
          }),
        );
        return out.OperationId ?? "";
      }),
    describeOperation: (name, operationId) =>
      call("DescribeStackSetOperation", `${name} ${operationId}`, async () => {
        const { StackSetOperation: op } = await client.send(
          new DescribeStackSetOperationCommand({ StackSetName: name, OperationId: operationId, ...callAs }),
        );
        return {
          operationId,
          status: op?.Status ?? "RUNNING",
          ...(op?.StatusReason === undefined ? {} : { statusReason: op.StatusReason }),
        };
      }),
    listOperationResults: (name, operationId) =>
      call("ListStackSetOperationResults", `${name} ${operationId}`, async () => {
        const all: StackSetOperationResult[] = [];
        const pages = paginateListStackSetOperationResults(
          { client },
          { StackSetName: name, OperationId: operationId, ...callAs },
        );
        for await (const page of pages) {
          for (const s of page.Summaries ?? []) {
            all.push({
              account: s.Account ?? "",
              region: s.Region ?? "",
              status: s.Status ?? "",
              ...(s.StatusReason === undefined ? {} : { statusReason: s.StatusReason }),
            });
          }
        }
        return all;
      }),
  };
}

// --- internal ---

function preferences(p: OperationPreferences | undefined) {
  if (p === undefined) return {};
  return {
    OperationPreferences: {
      ...(p.maxConcurrentCount === undefined ? {} : { MaxConcurrentCount: p.maxConcurrentCount }),
      ...(p.failureToleranceCount === undefined ? {} : { FailureToleranceCount: p.failureToleranceCount }),
    },
  };
}

function parameters(values: Record<string, string> | undefined) {
  if (values === undefined) return {};
  return {
    Parameters: Object.entries(values).map(([ParameterKey, ParameterValue]) => ({
      ParameterKey,
      ParameterValue,
    })),
  };
}

function autoDeployment(auto: AutoDeployment | undefined) {
  if (auto === undefined) return {};
  return {
    AutoDeployment: {
      Enabled: auto.enabled,
      RetainStacksOnAccountRemoval: auto.retainStacksOnAccountRemoval,
    },
  };
}

/** Accounts (SELF_MANAGED) or OUs as DeploymentTargets (SERVICE_MANAGED). */
function targets(input: InstancesInput) {
  return input.organizationalUnitIds === undefined
    ? { Accounts: input.accounts ?? [] }
    : { DeploymentTargets: { OrganizationalUnitIds: input.organizationalUnitIds } };
}

function instances(input: InstancesInput) {
  return {
    StackSetName: input.name,
    ...targets(input),
    Regions: input.regions,
    ...(input.overrides === undefined
      ? {}
      : {
          ParameterOverrides: Object.entries(input.overrides).map(([ParameterKey, ParameterValue]) => ({
            ParameterKey,
            ParameterValue,
          })),
        }),
    ...preferences(input.preferences),
  };
}

function describe(input: InstancesInput): string {
  if (input.organizationalUnitIds !== undefined)
    return `${input.name} (OUs ${input.organizationalUnitIds.join(", ")})`;
  const accounts = input.accounts ?? [];
  return `${input.name} (${accounts.length === 1 ? accounts[0] : `${accounts.length} accounts`})`;
}
