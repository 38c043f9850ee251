/**
 * What `crossrole rollout` needs from CloudFormation StackSets, in core types. The AWS implementation is
 * src/aws/cloudformation-adapter.ts; tests pass fakes. Every failure is a CrossroleError.
 */

/** A StackSet as DescribeStackSet returns it. */
export interface StackSetInfo {
  name: string;
  templateBody: string;
  permissionModel: string;
  /** The StackSet's parameter values. */
  parameters: Record<string, string>;
  /** SERVICE_MANAGED: the OUs it was deployed to. */
  organizationalUnitIds: string[];
  /** SERVICE_MANAGED: whether accounts joining those OUs get an instance automatically. */
  autoDeployment?: AutoDeployment;
}

/** A service-managed StackSet's AutoDeployment setting. */
export interface AutoDeployment {
  enabled: boolean;
  retainStacksOnAccountRemoval: boolean;
}

/** One stack instance (account × region) of a StackSet. */
export interface StackInstanceInfo {
  account: string;
  region: string;
  /** CURRENT, OUTDATED or INOPERABLE. */
  status: string;
  /** PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, INOPERABLE, SKIPPED_SUSPENDED_ACCOUNT. */
  detailedStatus?: string;
  statusReason?: string;
}

/** How many accounts an operation works on at once and how many may fail (StackSet OperationPreferences). */
export interface OperationPreferences {
  maxConcurrentCount?: number;
  failureToleranceCount?: number;
}

/** A StackSet operation's state. */
export interface StackSetOperationInfo {
  operationId: string;
  /** RUNNING, SUCCEEDED, FAILED, STOPPING, STOPPED, QUEUED. */
  status: string;
  statusReason?: string;
}

/** The result of an operation in one account and region. */
export interface StackSetOperationResult {
  account: string;
  region: string;
  status: string;
  statusReason?: string;
}

/** Input of CreateStackSet. */
export interface CreateStackSetInput {
  name: string;
  templateBody: string;
  description: string;
  /** Default SELF_MANAGED (accounts); SERVICE_MANAGED deploys to OUs through AWS Organizations. */
  permissionModel?: "SELF_MANAGED" | "SERVICE_MANAGED";
  /** SERVICE_MANAGED only. */
  autoDeployment?: AutoDeployment;
  /** StackSet parameter values (every instance's, unless overridden). */
  parameters?: Record<string, string>;
  /** SELF_MANAGED only: the administration role (default AWSCloudFormationStackSetAdministrationRole). */
  administrationRoleArn?: string;
  /** SELF_MANAGED only: the role assumed in each target account (default AWSCloudFormationStackSetExecutionRole). */
  executionRoleName?: string;
  tags: Record<string, string>;
}

/** Which instances an operation concerns: `accounts` (SELF_MANAGED) or `organizationalUnitIds` (SERVICE_MANAGED). */
export interface InstancesInput {
  name: string;
  accounts?: string[];
  organizationalUnitIds?: string[];
  regions: string[];
  /** Parameter values for these instances (e.g. the account's ExternalId). */
  overrides?: Record<string, string>;
  preferences?: OperationPreferences;
}

/** CloudFormation StackSets, as crossrole uses them. Operation calls return the operation ID. */
export interface StackSetPort {
  /** Undefined when there is no such StackSet. */
  describeStackSet(name: string): Promise<StackSetInfo | undefined>;
  createStackSet(input: CreateStackSetInput): Promise<void>;
  /** Updates every instance (template and, when given, parameter values and auto-deployment). */
  updateStackSet(input: {
    name: string;
    templateBody: string;
    parameters?: Record<string, string>;
    autoDeployment?: AutoDeployment;
    preferences?: OperationPreferences;
  }): Promise<string>;
  listStackInstances(name: string): Promise<StackInstanceInfo[]>;
  /** The parameter overrides of one instance. */
  describeStackInstanceOverrides(
    name: string,
    account: string,
    region: string,
  ): Promise<Record<string, string>>;
  createStackInstances(input: InstancesInput): Promise<string>;
  updateStackInstances(input: InstancesInput): Promise<string>;
  deleteStackInstances(input: InstancesInput): Promise<string>;
  describeOperation(name: string, operationId: string): Promise<StackSetOperationInfo>;
  listOperationResults(name: string, operationId: string): Promise<StackSetOperationResult[]>;
}
