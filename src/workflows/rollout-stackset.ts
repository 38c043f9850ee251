import { failedPart, notAttemptedPart, type PartOutcome } from "../core/diff/part-outcome.js";
import { sameJsonDocument } from "../core/diff/same-json-document.js";
import { AwsOperationError, asCrossroleError, type CrossroleError, UsageError } from "../core/errors.js";
import type { AccessPlan, TargetPlan } from "../core/plan/access-plan.js";
import { MANAGED_TAG_KEY, MANAGED_TAG_VALUE } from "../core/plan/access-plan.js";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import {
  countFleetExternalIds,
  type FleetExternalIdAdditions,
  generateFleetExternalIds,
  generateOuExternalIdPrefixes,
} from "../core/plan/fleet-external-ids.js";
import { INLINE_POLICY_AGGREGATE_LIMIT } from "../core/plan/grant-layout.js";
import { policySize } from "../core/plan/policy-document.js";
import { selectTargets } from "../core/plan/select-targets.js";
import type { OperationPreferences, StackSetPort } from "../core/ports/stackset-port.js";
import type { AccessSpec } from "../core/spec/spec-schema.js";
import { renderStackSetTemplate, stackSetName } from "../outputs/render-stackset-template.js";
import { editSpecFleetExternalIds } from "../outputs/spec-file/edit-spec-fleet-external-ids.js";
import { editSpecOuTargets, type OuTargetRecords } from "../outputs/spec-file/edit-spec-ou-targets.js";
import { checkSpecRewritable } from "../outputs/spec-file/rewrite-spec-file.js";
import { applyAccess } from "./apply-access.js";
import type { ConnectSide } from "./connect-side.js";
import { instanceNotCurrent } from "./instance-not-current.js";
import { lastOperationFailed } from "./last-operation-failed.js";
import { loadSpec } from "./load-spec.js";
import { mapBounded } from "./map-bounded.js";
import {
  type OuRolloutPreview,
  ouGroupChanges,
  previewOuGroup,
  rolloutOuGroup,
} from "./rollout-ou-stackset.js";
import { type StackSetOperationTiming, waitForStackSetOperation } from "./wait-for-stackset-operation.js";

/** What rollout will do to one multi-account target's StackSet. */
export interface GroupRolloutPreview {
  group: string;
  stackSetName: string;
  region: string;
  /** The StackSet does not exist yet. */
  create: boolean;
  /** The template differs from the StackSet's: an UpdateStackSet operation over every instance. */
  updateTemplate: boolean;
  /** Accounts without an instance: one CreateStackInstances each (with its own ExternalId override). */
  add: string[];
  /** Accounts whose ExternalId override differs (a rotation): UpdateStackInstances each. */
  updateOverrides: string[];
  /** Instances of accounts no longer in the spec: DeleteStackInstances (deletes their roles). */
  remove: string[];
  /** Accounts whose last stack operation failed or was cancelled: UpdateStackInstances each, to deploy again. */
  retry: string[];
  members: TargetPlan[];
  templateBody: string;
  externalIdParameter: string;
  overrides: Map<string, string>;
  /** StackSets in the group's region. */
  port: StackSetPort;
}

/** What rollout will do, for review before anything is written. */
export interface RolloutPreview {
  plan: AccessPlan;
  groups: GroupRolloutPreview[];
  /** `organizationalUnits` targets (service-managed StackSets). */
  ouGroups: OuRolloutPreview[];
  /** ExternalIds generated for accounts that had none (written to the spec before deploying). */
  generated: FleetExternalIdAdditions;
  /** ExternalId prefixes generated for OU targets that had none (written to the spec before deploying). */
  generatedPrefixes: Record<string, string>;
  /** The BUILD grant is rewritten after the StackSets (its size as IAM counts it). */
  grantSize: number;
  /** The principal's inline-policy quota. */
  grantLimit: number;
  /** Over that quota: the number of customer-managed policies the grant is split into; 0 while inline. */
  grantParts: number;
}

/** Options of {@link rolloutStackSets}. */
export interface RolloutStackSetsOptions extends StackSetOperationTiming {
  file: string;
  /** Multi-account target names (all when empty). */
  targets?: readonly string[];
  /** StackSets in a region, with the administrator account's credentials. */
  stackSets: (region: string) => StackSetPort;
  /** BUILD-side admin, for the grant (as apply). Undefined: the grant is not touched. */
  connect?: ConnectSide;
  randomBytes: (n: number) => Uint8Array;
  dryRun?: boolean;
  /** Asked once with the preview (instance removals included) before the first write; false declines. */
  confirm: (preview: RolloutPreview) => Promise<boolean>;
  /** Accounts deployed at once (default 10). */
  maxConcurrent?: number;
  /** Accounts that may fail before rollout stops starting new ones (default 0). */
  failureTolerance?: number;
  onProgress?: (event: { part: string; phase: "start" | "finish"; outcome?: PartOutcome }) => void;
  /** SELF_MANAGED administration role ARN and execution role name (defaults: AWS's standard names). */
  administrationRoleArn?: string;
  executionRoleName?: string;
}

/** The result of a rollout. */
export interface RolloutResult {
  preview: RolloutPreview;
  executed: boolean;
  /** One per account (GROUP-ACCOUNT; removed accounts too), then BUILD. */
  outcomes: PartOutcome[];
}

/**
 * `crossrole rollout`: deploys each multi-account target (`accounts:`) as a SELF_MANAGED CloudFormation StackSet
 * `crossrole-<group>` from the plan's role template, with one ExternalId per account as a ParameterOverride
 * (missing IDs are generated and written to the spec first). Creates the StackSet, updates its template when the
 * role definition changed (one operation over every account, with MaxConcurrentCount/FailureToleranceCount), adds
 * an instance per new account, updates overrides whose ExternalId changed, removes instances of accounts dropped
 * from the spec (after confirmation), deploys again the instances whose last operation failed or was cancelled,
 * waits for each operation (polling with backoff, bounded), reads back each instance's status (a failure within
 * the failure tolerance leaves the operation SUCCEEDED and only the instance says so), then writes the BUILD grant for every role (the same code as `crossrole apply --side build`).
 * Each `organizationalUnits` target becomes a SERVICE_MANAGED StackSet with auto-deployment whose template derives
 * each account's ExternalId from one generated prefix (rollout-ou-stackset.ts); the accounts found deployed are
 * recorded in the spec (`deployedAccounts`) before the BUILD grant is written, so it names their roles exactly.
 */
export async function rolloutStackSets(options: RolloutStackSetsOptions): Promise<RolloutResult> {
  const loaded = await loadSpec(options.file);
  const names = options.targets ?? [];
  const generated = generateFleetExternalIds(loaded.spec, options.randomBytes, names);
  const prefixes = generateOuExternalIdPrefixes(loaded.spec, options.randomBytes, names);
  const spec = withAdditions(loaded.spec, generated, prefixes);
  const fullPlan = buildAccessPlan(spec, loaded.file);
  const plan = selectTargets(fullPlan, names);
  const ouTargets = plan.organizationalUnitTargets ?? [];
  const groupNames = [
    ...new Set(
      plan.targets.flatMap((t) =>
        t.group === undefined || spec.targets[t.group]?.accounts === undefined ? [] : [t.group],
      ),
    ),
  ];
  if (groupNames.length === 0 && ouTargets.length === 0) {
    throw new UsageError(
      "crossrole rollout: no multi-account target (accounts: [...] or organizationalUnits: [...]) selected.",
      {
        hint: "Give a target several accounts (accounts: [...]) or OUs (organizationalUnits: [...]), or use crossrole apply for single-account targets.",
      },
    );
  }
  const groups: GroupRolloutPreview[] = [];
  for (const group of groupNames) groups.push(await previewGroup(plan, group, options.stackSets));
  const ouGroups: OuRolloutPreview[] = [];
  for (const t of ouTargets)
    ouGroups.push(await previewOuGroup(plan, t, t.externalIdPrefix ?? "", options.stackSets));
  const preview: RolloutPreview = {
    plan,
    groups,
    ouGroups,
    generated,
    generatedPrefixes: prefixes,
    grantSize: policySize(fullPlan.build.grantPolicy),
    grantLimit: grantLimitOf(fullPlan),
    grantParts: fullPlan.build.grantLayout.kind === "managed" ? fullPlan.build.grantLayout.parts.length : 0,
  };
  const result: RolloutResult = { preview, executed: false, outcomes: [] };
  const changes =
    groups.some(
      (g) =>
        g.create ||
        g.updateTemplate ||
        g.add.length + g.updateOverrides.length + g.remove.length + g.retry.length > 0,
    ) ||
    ouGroups.some(ouGroupChanges) ||
    countFleetExternalIds(generated) + Object.keys(prefixes).length > 0;
  if (options.dryRun === true || (changes && !(await options.confirm(preview)))) {
    result.outcomes = [
      ...groups.flatMap((g) => accountParts(g).map((p) => notAttemptedPart(p.part))),
      ...ouGroups.map((g) => notAttemptedPart(g.group)),
    ];
    return result;
  }
  // The spec takes generated IDs before, and the OU targets' deployed accounts after, the StackSet operations:
  // refuse now if it cannot, rather than leave StackSets the spec does not describe.
  if (countFleetExternalIds(generated) + Object.keys(prefixes).length > 0 || ouGroups.some(ouGroupChanges))
    await checkSpecRewritable(loaded.file, { notWritten: "nothing was rolled out." });
  result.executed = true;
  let text = loaded.text;
  if (countFleetExternalIds(generated) > 0)
    text = await editSpecFleetExternalIds(loaded.file, generated, text);
  if (Object.keys(prefixes).length > 0)
    text = await editSpecOuTargets(
      loaded.file,
      Object.fromEntries(Object.entries(prefixes).map(([t, externalIdPrefix]) => [t, { externalIdPrefix }])),
      text,
    );
  for (const g of groups) result.outcomes.push(...(await rolloutGroup(g, options)));
  const records: OuTargetRecords = {};
  for (const g of ouGroups) {
    const { outcomes, deployed } = await rolloutOuGroup(g, options);
    result.outcomes.push(...outcomes);
    if (deployed !== undefined && deployed.join() !== g.recorded.join())
      records[g.group] = { deployedAccounts: deployed };
  }
  if (Object.keys(records).length > 0) text = await editSpecOuTargets(loaded.file, records, text);
  if (options.connect !== undefined) result.outcomes.push(await writeGrant(options));
  return result;
}

// --- internal ---

const DONE_NOTES = {
  create: "role created (stack instance)",
  update: "ExternalId updated",
  retry: "role deployed again (its last stack operation had failed)",
} as const;

function withAdditions(
  spec: AccessSpec,
  additions: FleetExternalIdAdditions,
  prefixes: Record<string, string>,
): AccessSpec {
  const targets = { ...spec.targets };
  for (const [name, ids] of Object.entries(additions)) {
    const t = targets[name];
    if (t !== undefined) targets[name] = { ...t, externalIds: { ...ids, ...t.externalIds } };
  }
  for (const [name, externalIdPrefix] of Object.entries(prefixes)) {
    const t = targets[name];
    if (t !== undefined) targets[name] = { ...t, externalIdPrefix };
  }
  return { ...spec, targets };
}

function grantLimitOf(plan: AccessPlan): number {
  return INLINE_POLICY_AGGREGATE_LIMIT[plan.build.principalKind === "role" ? "role" : "user"];
}

async function previewGroup(
  plan: AccessPlan,
  group: string,
  connect: (region: string) => StackSetPort,
): Promise<GroupRolloutPreview> {
  const members = plan.targets.filter((t) => t.group === group);
  const { templateBody, externalIdParameter, overrides } = renderStackSetTemplate(plan, group, members);
  const name = stackSetName(group);
  const region = members[0]?.region ?? "us-east-1";
  const port = connect(region);
  const existing = await port.describeStackSet(name);
  const instances = existing === undefined ? [] : await port.listStackInstances(name);
  const deployed = new Set(instances.map((i) => i.account));
  const wanted = new Set(members.map((m) => m.account));
  const kept = members.filter((m) => deployed.has(m.account));
  const current = await mapBounded(kept, 10, async (m) => ({
    account: m.account,
    overrides: await port.describeStackInstanceOverrides(name, m.account, region),
  }));
  const updateTemplate = existing !== undefined && !sameJsonDocument(existing.templateBody, templateBody);
  const updateOverrides = current
    .filter((c) => c.overrides[externalIdParameter] !== overrides.get(c.account))
    .map((c) => c.account);
  // An UpdateStackSet or UpdateStackInstances deploys these again anyway.
  const failed = new Set(instances.filter(lastOperationFailed).map((i) => i.account));
  const retry = updateTemplate
    ? []
    : kept.map((m) => m.account).filter((a) => failed.has(a) && !updateOverrides.includes(a));
  return {
    group,
    stackSetName: name,
    region,
    create: existing === undefined,
    updateTemplate,
    add: members.filter((m) => !deployed.has(m.account)).map((m) => m.account),
    updateOverrides,
    remove: [...deployed].filter((a) => !wanted.has(a)).sort(),
    retry,
    members,
    templateBody,
    externalIdParameter,
    overrides,
    port,
  };
}

function accountParts(g: GroupRolloutPreview): { part: string; account: string }[] {
  return [
    ...g.members.map((m) => ({ part: m.name, account: m.account })),
    ...g.remove.map((account) => ({ part: `${g.group}-${account}`, account })),
  ];
}

async function rolloutGroup(
  g: GroupRolloutPreview,
  options: RolloutStackSetsOptions,
): Promise<PartOutcome[]> {
  const port = g.port;
  const preferences: OperationPreferences = {
    maxConcurrentCount: options.maxConcurrent ?? 10,
    failureToleranceCount: options.failureTolerance ?? 0,
  };
  const notes = new Map<string, string[]>();
  const failures = new Map<string, CrossroleError>();
  const note = (account: string, text: string) => notes.set(account, [...(notes.get(account) ?? []), text]);
  const parts = accountParts(g);
  for (const p of parts) options.onProgress?.({ part: p.part, phase: "start" });
  const finishAll = (outcomes: PartOutcome[]) => {
    for (const o of outcomes) options.onProgress?.({ part: o.part, phase: "finish", outcome: o });
    return outcomes;
  };

  try {
    if (g.create) {
      await port.createStackSet({
        name: g.stackSetName,
        templateBody: g.templateBody,
        description: `crossrole target group ${g.group}: the role builds assume, one ExternalId per account`,
        ...(options.administrationRoleArn === undefined
          ? {}
          : { administrationRoleArn: options.administrationRoleArn }),
        ...(options.executionRoleName === undefined ? {} : { executionRoleName: options.executionRoleName }),
        tags: { [MANAGED_TAG_KEY]: MANAGED_TAG_VALUE },
      });
    } else if (g.updateTemplate) {
      const id = await port.updateStackSet({
        name: g.stackSetName,
        templateBody: g.templateBody,
        preferences,
      });
      const failed = await waitForStackSetOperation(port, g.stackSetName, id, options);
      for (const m of g.members) {
        const f = failed.get(m.account) ?? failed.get("*");
        if (f !== undefined) failures.set(m.account, f);
        else if (!g.add.includes(m.account)) note(m.account, "role updated (StackSet template)");
      }
    }
  } catch (error) {
    const e = asCrossroleError(error);
    return finishAll(parts.map((p) => failedPart(p.part, e)));
  }

  // New accounts, changed ExternalIds and failed instances: one single-account operation each (overrides are
  // per operation).
  const tolerance = options.failureTolerance ?? 0;
  const perAccount = [
    ...g.add.map((account) => ({ account, kind: "create" as const })),
    ...g.updateOverrides.map((account) => ({ account, kind: "update" as const })),
    ...g.retry.map((account) => ({ account, kind: "retry" as const })),
  ];
  await mapBounded(perAccount, options.maxConcurrent ?? 10, async ({ account, kind }) => {
    if (failures.size > tolerance) return;
    const input = {
      name: g.stackSetName,
      accounts: [account],
      regions: [g.region],
      overrides: { [g.externalIdParameter]: g.overrides.get(account) ?? "" },
    };
    try {
      const id =
        kind === "create" ? await port.createStackInstances(input) : await port.updateStackInstances(input);
      const result = await waitForStackSetOperation(port, g.stackSetName, id, options);
      const f = result.get(account) ?? result.get("*");
      if (f !== undefined) failures.set(account, f);
      else note(account, DONE_NOTES[kind]);
    } catch (error) {
      failures.set(account, asCrossroleError(error));
    }
  });

  if (g.remove.length > 0) {
    try {
      const id = await port.deleteStackInstances({
        name: g.stackSetName,
        accounts: g.remove,
        regions: [g.region],
        preferences,
      });
      const failed = await waitForStackSetOperation(port, g.stackSetName, id, options);
      for (const account of g.remove) {
        const f = failed.get(account) ?? failed.get("*");
        if (f !== undefined) failures.set(account, f);
        else note(account, "removed: stack instance and role deleted");
      }
    } catch (error) {
      for (const account of g.remove) failures.set(account, asCrossroleError(error));
    }
  }

  // Read back each instance's status (a refused read is reported as itself, not as missing instances).
  let readError: CrossroleError | undefined;
  const instances = new Map(
    (
      await port.listStackInstances(g.stackSetName).catch((error: unknown) => {
        readError = asCrossroleError(error);
        return [];
      })
    ).map((i) => [i.account, i]),
  );
  const attempted = new Set([...notes.keys(), ...failures.keys()]);
  return finishAll(
    parts.map(({ part, account }) => {
      const error = failures.get(account);
      if (error !== undefined) return failedPart(part, error);
      const removed = g.remove.includes(account);
      const live = instances.get(account);
      // A removal that failed within the failure tolerance: the operation SUCCEEDED, the instance is still there.
      if (live !== undefined && live.status !== "CURRENT") {
        return failedPart(part, instanceNotCurrent(g.stackSetName, live));
      }
      if (!removed && live === undefined && attempted.has(account)) {
        return failedPart(
          part,
          readError ??
            new AwsOperationError(
              "STACK_INSTANCE_MISSING",
              `no stack instance in ${account}/${g.region} after the rollout`,
            ),
        );
      }
      if (
        failures.size > tolerance &&
        !attempted.has(account) &&
        (g.add.includes(account) || g.updateOverrides.includes(account) || g.retry.includes(account))
      ) {
        return notAttemptedPart(part, `not attempted: more than ${tolerance} account(s) failed`);
      }
      const own = notes.get(account) ?? [];
      return {
        part,
        side: "target",
        status: own.length > 0 ? "done" : "unchanged",
        applied: [],
        notApplied: [],
        notes: own,
      };
    }),
  );
}

/**
 * Writes the BUILD grant from the spec as rollout left it (OU accounts just recorded included), as
 * `crossrole apply --side build` (which also refuses a grant needing more managed policies than IAM attaches).
 */
async function writeGrant(options: RolloutStackSetsOptions): Promise<PartOutcome> {
  options.onProgress?.({ part: "BUILD", phase: "start" });
  const result = await applyAccess({
    file: options.file,
    side: "build",
    connect: options.connect as ConnectSide,
    confirm: async () => true,
  });
  const outcome = result.outcomes.find((o) => o.part === "BUILD") ?? notAttemptedPart("BUILD", "not read");
  options.onProgress?.({ part: "BUILD", phase: "finish", outcome });
  return outcome;
}
