import { translateAwsError } from "../../../src/aws/translate-aws-error.js";
import type { CrossroleError } from "../../../src/core/errors.js";
import type {
  AutoDeployment,
  CreateStackSetInput,
  InstancesInput,
  OperationPreferences,
  StackInstanceInfo,
  StackSetInfo,
  StackSetOperationInfo,
  StackSetOperationResult,
  StackSetPort,
} from "../../../src/core/ports/stackset-port.js";

/** What a StackSet operation does to its stack instances. */
export type OperationAction = "CREATE" | "UPDATE" | "DELETE";

/** An operation as the fake keeps it (read it in tests; change it only through the fake's methods). */
export interface MemoryOperation {
  id: string;
  stackSet: string;
  action: OperationAction;
  /** The accounts and regions it works on, in the order it works on them. */
  targets: { account: string; region: string }[];
  preferences: OperationPreferences;
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "STOPPING" | "STOPPED";
  statusReason?: string;
  /** Per account/region: PENDING, RUNNING, SUCCEEDED, FAILED or CANCELLED, and why. */
  results: Map<string, { status: string; statusReason?: string }>;
  /** Never ends (programmed with {@link MemoryStackSets.neverFinish}). */
  hung: boolean;
  /** DescribeStackSetOperation calls on its StackSet while it ran. */
  ticks: number;
}

interface MemoryInstance extends StackInstanceInfo {
  overrides: Record<string, string>;
}

interface MemoryStackSet {
  info: StackSetInfo;
  /** ManagedExecution Active: a new operation queues behind running ones instead of OperationInProgressException. */
  managedExecution: boolean;
  instances: Map<string, MemoryInstance>;
  operations: MemoryOperation[];
}

/** The reason AWS gives the accounts an operation did not reach once failures exceeded its tolerance. */
export const CANCELLED_REASON = "Cancelled since failure tolerance has exceeded";

/**
 * In-memory CloudFormation StackSets implementing StackSetPort, for rollout's unit tests: what moto cannot be made
 * to do (fail in one account, never finish, refuse a second operation). It follows the StackSets API as rollout
 * relies on it:
 * - operations are asynchronous: each returns an ID, answers RUNNING to DescribeStackSetOperation for
 *   {@link pollsPerOperation} polls, then SUCCEEDED or FAILED; every DescribeStackSetOperation call on a StackSet
 *   is one step of that StackSet's clock (so an operation nobody polls still ends);
 * - one operation at a time per StackSet: with ManagedExecution active (as crossrole creates StackSets) a new one
 *   is QUEUED and starts when the running one ends; without it the call fails with OperationInProgressException;
 * - OperationPreferences: accounts are worked on in batches of MaxConcurrentCount (default 1), lowered as
 *   STRICT_FAILURE_TOLERANCE (the default ConcurrencyMode) does to FailureToleranceCount + 1 minus the failures so
 *   far; once more than FailureToleranceCount accounts failed the operation stops, is FAILED and the accounts not
 *   reached are CANCELLED. With failures within the tolerance the operation is SUCCEEDED: only the per-account
 *   results (ListStackSetOperationResults) and the instances' status say which accounts failed;
 * - stack instances: created by CreateStackInstances as OUTDATED/PENDING at once, CURRENT once their account
 *   succeeded, OUTDATED with detailed status FAILED or CANCELLED and a status reason otherwise. Parameter
 *   overrides and the StackSet's template are recorded when asked for, whether the stacks then succeed or not.
 *   A failed deletion leaves the instance (OUTDATED, FAILED);
 * - SERVICE_MANAGED: deployment targets are OUs ({@link organizationalUnits} says which accounts each holds).
 * Failures are thrown as the adapter throws them (the SDK error through `translateAwsError`).
 */
export class MemoryStackSets implements StackSetPort {
  readonly stackSets = new Map<string, MemoryStackSet>();
  /** OU ID → its accounts (SERVICE_MANAGED deployment targets). */
  readonly organizationalUnits = new Map<string, string[]>();
  /** Every call, e.g. `CreateStackInstances crossrole-fleet 111111111111`. */
  readonly calls: string[] = [];
  /** Refuse these calls (e.g. "ListStackInstances") with AccessDenied, as the adapter reports it. */
  readonly deny = new Set<string>();
  /** DescribeStackSetOperation polls (of the StackSet) an operation answers RUNNING before it ends. */
  pollsPerOperation = 1;
  /** Called when an operation ends (e.g. to make an instance go missing behind the operation's back). */
  onOperationEnd: ((op: MemoryOperation) => void) | undefined;
  private readonly failing = new Map<string, { reason: string; actions: OperationAction[] | undefined }>();
  private readonly hangs: ((op: MemoryOperation) => boolean)[] = [];
  private nextId = 1;

  /** Stacks in `account` fail with `reason` (for these actions only, when given). */
  failIn(account: string, reason: string, actions?: OperationAction[]): void {
    this.failing.set(account, { reason, actions });
  }

  /** The cause of `account`'s failures was fixed: its stacks succeed again. */
  stopFailing(account: string): void {
    this.failing.delete(account);
  }

  /** Operations matching `predicate` (at their request) never end: they stay RUNNING and block the queue. */
  neverFinish(predicate: (op: MemoryOperation) => boolean): void {
    this.hangs.push(predicate);
  }

  /** The instance of `account` disappears (deleted outside crossrole, or its account left). */
  removeInstance(stackSet: string, account: string, region: string): void {
    this.set(stackSet, "RemoveInstance").instances.delete(key(account, region));
  }

  /** Every operation requested on `stackSet`, in request order. */
  operations(stackSet: string): MemoryOperation[] {
    return this.stackSets.get(stackSet)?.operations ?? [];
  }

  /** Starts an operation outside crossrole (e.g. the one an earlier rollout left running). */
  startOutsideOperation(
    stackSet: string,
    action: OperationAction,
    accounts: string[],
    region: string,
  ): string {
    const targets = accounts.map((account) => ({ account, region }));
    return this.request(stackSet, "UpdateStackInstances", action, targets, {}, undefined).id;
  }

  /** StopStackSetOperation: the operation ends STOPPED, the accounts it had not finished are CANCELLED. */
  stopOperation(stackSet: string, operationId: string, reason: string): void {
    const s = this.set(stackSet, "StopStackSetOperation");
    const op = this.operation(s, operationId, "StopStackSetOperation");
    for (const t of op.targets) {
      const r = op.results.get(key(t.account, t.region));
      if (r === undefined || ["PENDING", "RUNNING"].includes(r.status))
        this.settle(s, op, t, "CANCELLED", reason);
    }
    op.status = "STOPPED";
    op.statusReason = reason;
    op.hung = false;
  }

  async describeStackSet(name: string): Promise<StackSetInfo | undefined> {
    this.record("DescribeStackSet", `${name}`);
    const s = this.stackSets.get(name);
    return s === undefined ? undefined : structuredClone(s.info);
  }

  async createStackSet(input: CreateStackSetInput): Promise<void> {
    this.record("CreateStackSet", `${input.name}`);
    if (this.stackSets.has(input.name)) {
      throw sdkError(
        "CreateStackSet",
        input.name,
        "NameAlreadyExistsException",
        409,
        "StackSet already exists",
      );
    }
    this.stackSets.set(input.name, {
      info: {
        name: input.name,
        templateBody: input.templateBody,
        permissionModel: input.permissionModel ?? "SELF_MANAGED",
        parameters: { ...input.parameters },
        organizationalUnitIds: [],
        ...(input.autoDeployment === undefined ? {} : { autoDeployment: { ...input.autoDeployment } }),
      },
      // The adapter creates every StackSet with ManagedExecution active.
      managedExecution: true,
      instances: new Map(),
      operations: [],
    });
  }

  async updateStackSet(input: {
    name: string;
    templateBody: string;
    parameters?: Record<string, string>;
    autoDeployment?: AutoDeployment;
    preferences?: OperationPreferences;
  }): Promise<string> {
    this.record("UpdateStackSet", `${input.name}`);
    const s = this.set(input.name, "UpdateStackSet");
    const targets = [...s.instances.values()].map(({ account, region }) => ({ account, region }));
    const op = this.request(
      input.name,
      "UpdateStackSet",
      "UPDATE",
      targets,
      input.preferences ?? {},
      undefined,
    );
    s.info.templateBody = input.templateBody;
    if (input.parameters !== undefined) s.info.parameters = { ...input.parameters };
    if (input.autoDeployment !== undefined) s.info.autoDeployment = { ...input.autoDeployment };
    return op.id;
  }

  async listStackInstances(name: string): Promise<StackInstanceInfo[]> {
    this.record("ListStackInstances", `${name}`);
    return [...this.set(name, "ListStackInstances").instances.values()].map(({ overrides: _, ...info }) => ({
      ...info,
    }));
  }

  async describeStackInstanceOverrides(
    name: string,
    account: string,
    region: string,
  ): Promise<Record<string, string>> {
    this.record("DescribeStackInstance", `${name} ${account}`);
    const instance = this.set(name, "DescribeStackInstance").instances.get(key(account, region));
    if (instance === undefined) {
      throw sdkError(
        "DescribeStackInstance",
        `${name} ${account}/${region}`,
        "StackInstanceNotFoundException",
        404,
        `Stack instance ${account}/${region} not found`,
      );
    }
    return { ...instance.overrides };
  }

  async createStackInstances(input: InstancesInput): Promise<string> {
    this.record("CreateStackInstances", `${input.name} ${describeTargets(input)}`);
    const s = this.set(input.name, "CreateStackInstances");
    const targets = this.targetsOf(input);
    const op = this.request(
      input.name,
      "CreateStackInstances",
      "CREATE",
      targets,
      input.preferences ?? {},
      s,
    );
    for (const t of targets) {
      if (!s.instances.has(key(t.account, t.region))) {
        s.instances.set(key(t.account, t.region), {
          ...t,
          status: "OUTDATED",
          detailedStatus: "PENDING",
          overrides: {},
        });
      }
      const instance = s.instances.get(key(t.account, t.region)) as MemoryInstance;
      instance.overrides = { ...instance.overrides, ...input.overrides };
    }
    if (input.organizationalUnitIds !== undefined) {
      s.info.organizationalUnitIds = [
        ...new Set([...s.info.organizationalUnitIds, ...input.organizationalUnitIds]),
      ];
    }
    return op.id;
  }

  async updateStackInstances(input: InstancesInput): Promise<string> {
    this.record("UpdateStackInstances", `${input.name} ${describeTargets(input)}`);
    const s = this.set(input.name, "UpdateStackInstances");
    const targets = this.targetsOf(input);
    for (const t of targets) {
      if (!s.instances.has(key(t.account, t.region))) {
        throw sdkError(
          "UpdateStackInstances",
          input.name,
          "StackInstanceNotFoundException",
          404,
          `Stack instance ${t.account}/${t.region} not found`,
        );
      }
    }
    const op = this.request(
      input.name,
      "UpdateStackInstances",
      "UPDATE",
      targets,
      input.preferences ?? {},
      s,
    );
    for (const t of targets) {
      const instance = s.instances.get(key(t.account, t.region)) as MemoryInstance;
      instance.overrides = { ...instance.overrides, ...input.overrides };
    }
    return op.id;
  }

  async deleteStackInstances(input: InstancesInput): Promise<string> {
    this.record("DeleteStackInstances", `${input.name} ${describeTargets(input)}`);
    const s = this.set(input.name, "DeleteStackInstances");
    const targets = this.targetsOf(input).filter((t) => s.instances.has(key(t.account, t.region)));
    const op = this.request(
      input.name,
      "DeleteStackInstances",
      "DELETE",
      targets,
      input.preferences ?? {},
      s,
    );
    if (input.organizationalUnitIds !== undefined) {
      const removed = input.organizationalUnitIds;
      s.info.organizationalUnitIds = s.info.organizationalUnitIds.filter((ou) => !removed.includes(ou));
    }
    return op.id;
  }

  async describeOperation(name: string, operationId: string): Promise<StackSetOperationInfo> {
    this.record("DescribeStackSetOperation", `${name} ${operationId}`);
    const s = this.set(name, "DescribeStackSetOperation");
    const op = this.operation(s, operationId, "DescribeStackSetOperation");
    this.tick(s);
    return {
      operationId,
      status: op.status,
      ...(op.statusReason === undefined ? {} : { statusReason: op.statusReason }),
    };
  }

  async listOperationResults(name: string, operationId: string): Promise<StackSetOperationResult[]> {
    this.record("ListStackSetOperationResults", `${name} ${operationId}`);
    const op = this.operation(this.set(name, "ListStackSetOperationResults"), operationId, "List");
    return op.targets.map(({ account, region }) => {
      const r = op.results.get(key(account, region)) ?? { status: "PENDING" };
      return { account, region, ...r };
    });
  }

  // --- internal ---

  private record(action: string, detail: string): void {
    this.calls.push(`${action} ${detail}`);
    if (this.deny.has(action)) {
      throw sdkError(
        action,
        detail,
        "AccessDenied",
        403,
        `User is not authorized to perform: cloudformation:${action}`,
      );
    }
  }

  private set(name: string, action: string): MemoryStackSet {
    const s = this.stackSets.get(name);
    if (s === undefined) {
      throw sdkError(action, name, "StackSetNotFoundException", 404, `StackSet ${name} not found`);
    }
    return s;
  }

  private operation(s: MemoryStackSet, id: string, action: string): MemoryOperation {
    const op = s.operations.find((o) => o.id === id);
    if (op === undefined) {
      throw sdkError(
        action,
        `${s.info.name} ${id}`,
        "OperationNotFoundException",
        404,
        `Operation ${id} not found`,
      );
    }
    return op;
  }

  private targetsOf(input: InstancesInput): { account: string; region: string }[] {
    const accounts =
      input.organizationalUnitIds === undefined
        ? (input.accounts ?? [])
        : input.organizationalUnitIds.flatMap((ou) => this.organizationalUnits.get(ou) ?? []);
    return accounts.flatMap((account) => input.regions.map((region) => ({ account, region })));
  }

  /** Queues or starts an operation, or refuses it while another runs (no ManagedExecution). */
  private request(
    name: string,
    action: string,
    kind: OperationAction,
    targets: { account: string; region: string }[],
    preferences: OperationPreferences,
    known: MemoryStackSet | undefined,
  ): MemoryOperation {
    const s = known ?? this.set(name, action);
    const busy = s.operations.some((o) => ["QUEUED", "RUNNING", "STOPPING"].includes(o.status));
    if (busy && !s.managedExecution) {
      throw sdkError(
        action,
        name,
        "OperationInProgressException",
        409,
        `Another Operation on StackSet ${name} is in progress`,
      );
    }
    const op: MemoryOperation = {
      id: `op-${this.nextId++}`,
      stackSet: name,
      action: kind,
      targets,
      preferences: { ...preferences },
      status: busy ? "QUEUED" : "RUNNING",
      results: new Map(targets.map((t) => [key(t.account, t.region), { status: "PENDING" }])),
      hung: false,
      ticks: 0,
    };
    op.hung = this.hangs.some((p) => p(op));
    s.operations.push(op);
    if (op.status === "RUNNING") this.started(s, op);
    return op;
  }

  private started(s: MemoryStackSet, op: MemoryOperation): void {
    for (const t of op.targets) {
      op.results.set(key(t.account, t.region), { status: "RUNNING" });
      const instance = s.instances.get(key(t.account, t.region));
      if (instance !== undefined) {
        instance.status = "OUTDATED";
        instance.detailedStatus = "RUNNING";
        delete instance.statusReason;
      }
    }
  }

  /** One step of the StackSet's clock: the running operation ends after its polls, the next queued one starts. */
  private tick(s: MemoryStackSet): void {
    const running = s.operations.find((o) => o.status === "RUNNING");
    if (running === undefined) {
      this.startNext(s);
      return;
    }
    if (running.hung) return;
    running.ticks++;
    if (running.ticks <= this.pollsPerOperation) return;
    this.finish(s, running);
    this.onOperationEnd?.(running);
    this.startNext(s);
  }

  private startNext(s: MemoryStackSet): void {
    const next = s.operations.find((o) => o.status === "QUEUED");
    if (next === undefined) return;
    next.status = "RUNNING";
    this.started(s, next);
  }

  /** Works through the targets in batches, as FailureToleranceCount and MaxConcurrentCount say. */
  private finish(s: MemoryStackSet, op: MemoryOperation): void {
    const tolerance = op.preferences.failureToleranceCount ?? 0;
    const maxConcurrent = op.preferences.maxConcurrentCount ?? 1;
    let failed = 0;
    let next = 0;
    while (next < op.targets.length && failed <= tolerance) {
      const size = Math.max(1, Math.min(maxConcurrent, tolerance + 1 - failed));
      for (const t of op.targets.slice(next, next + size)) {
        const reason = this.failureOf(t.account, op.action);
        this.settle(s, op, t, reason === undefined ? "SUCCEEDED" : "FAILED", reason);
        if (reason !== undefined) failed++;
      }
      next += size;
    }
    for (const t of op.targets.slice(next)) this.settle(s, op, t, "CANCELLED", CANCELLED_REASON);
    op.status = failed > tolerance ? "FAILED" : "SUCCEEDED";
  }

  private failureOf(account: string, action: OperationAction): string | undefined {
    const f = this.failing.get(account);
    return f === undefined || (f.actions !== undefined && !f.actions.includes(action)) ? undefined : f.reason;
  }

  private settle(
    s: MemoryStackSet,
    op: MemoryOperation,
    t: { account: string; region: string },
    status: "SUCCEEDED" | "FAILED" | "CANCELLED",
    reason: string | undefined,
  ): void {
    op.results.set(key(t.account, t.region), {
      status,
      ...(reason === undefined ? {} : { statusReason: reason }),
    });
    const instance = s.instances.get(key(t.account, t.region));
    if (instance === undefined) return;
    if (status === "SUCCEEDED" && op.action === "DELETE") {
      s.instances.delete(key(t.account, t.region));
    } else if (status === "SUCCEEDED") {
      instance.status = "CURRENT";
      instance.detailedStatus = "SUCCEEDED";
      delete instance.statusReason;
    } else {
      instance.status = "OUTDATED";
      instance.detailedStatus = status;
      if (reason !== undefined) instance.statusReason = reason;
    }
  }
}

function key(account: string, region: string): string {
  return `${account}/${region}`;
}

function describeTargets(input: InstancesInput): string {
  return (input.organizationalUnitIds ?? input.accounts ?? []).join(",");
}

/** The CrossroleError the adapter throws for this AWS error (the SDK's exception, translated). */
function sdkError(
  action: string,
  resource: string,
  name: string,
  status: number,
  message: string,
): CrossroleError {
  const error = Object.assign(new Error(message), {
    name,
    $fault: "client",
    $metadata: { httpStatusCode: status, attempts: 1 },
  });
  return translateAwsError(error, { action: `cloudformation:${action}`, resource });
}
