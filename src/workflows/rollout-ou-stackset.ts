import { failedPart, type PartOutcome } from "../core/diff/part-outcome.js";
import { sameJsonDocument } from "../core/diff/same-json-document.js";
import type { CrossroleError } from "../core/errors.js";
import { asCrossroleError } from "../core/errors.js";
import type { AccessPlan, OrganizationalUnitTarget } from "../core/plan/access-plan.js";
import { MANAGED_TAG_KEY, MANAGED_TAG_VALUE } from "../core/plan/access-plan.js";
import type { AutoDeployment, OperationPreferences, StackSetPort } from "../core/ports/stackset-port.js";
import { fleetMemberName } from "../core/spec/spec-value-rules.js";
import { renderOuStackSetTemplate, stackSetName } from "../outputs/render-stackset-template.js";
import { instanceNotCurrent } from "./instance-not-current.js";
import { lastOperationFailed } from "./last-operation-failed.js";
import { type StackSetOperationTiming, waitForStackSetOperation } from "./wait-for-stackset-operation.js";

/** What rollout will do to the service-managed StackSet of one `organizationalUnits` target. */
export interface OuRolloutPreview {
  group: string;
  stackSetName: string;
  region: string;
  organizationalUnits: string[];
  /** The StackSet does not exist yet: CreateStackSet (SERVICE_MANAGED, auto-deployment on). */
  create: boolean;
  /** Template, ExternalId prefix or auto-deployment differ: UpdateStackSet over every instance. */
  updateStackSet: boolean;
  /** OUs of the spec not deployed yet: CreateStackInstances with these DeploymentTargets. */
  addOus: string[];
  /** OUs deployed but no longer in the spec: DeleteStackInstances (deletes the roles in their accounts). */
  removeOus: string[];
  /** Accounts with an instance now that the spec does not record (joined an OU since the last rollout). */
  joined: string[];
  /** Accounts the spec records that have no instance now (left the OUs). */
  left: string[];
  /** Accounts whose last stack operation failed or was cancelled: an UpdateStackSet deploys them again. */
  retry: string[];
  /** The spec's deployedAccounts. */
  recorded: string[];
  prefix: string;
  templateBody: string;
  prefixParameter: string;
  port: StackSetPort;
}

/** The result of rolling out one OU target. */
export interface OuRolloutResult {
  /** One per account (deployed now, or recorded before), or one for the group when nothing could be read. */
  outcomes: PartOutcome[];
  /** The accounts with an instance after the rollout, sorted; undefined when they could not be read. */
  deployed: string[] | undefined;
}

/** Options of {@link rolloutOuGroup}. */
export interface RolloutOuGroupOptions extends StackSetOperationTiming {
  maxConcurrent?: number;
  failureTolerance?: number;
  onProgress?: (event: { part: string; phase: "start" | "finish"; outcome?: PartOutcome }) => void;
}

/** Auto-deployment as crossrole sets it: accounts joining get the role, accounts leaving lose it. */
const AUTO_DEPLOYMENT: AutoDeployment = { enabled: true, retainStacksOnAccountRemoval: false };

/**
 * Reads the StackSet of an OU target and compares it with the spec. `prefix` is the target's ExternalId prefix
 * (the spec's, or one just generated).
 */
export async function previewOuGroup(
  plan: AccessPlan,
  target: OrganizationalUnitTarget,
  prefix: string,
  connect: (region: string) => StackSetPort,
): Promise<OuRolloutPreview> {
  const { templateBody, prefixParameter } = renderOuStackSetTemplate(plan, target);
  const name = stackSetName(target.name);
  const port = connect(target.region);
  const existing = await port.describeStackSet(name);
  const deployedOus = existing?.organizationalUnitIds ?? [];
  const instances =
    existing === undefined
      ? []
      : (await port.listStackInstances(name)).filter((i) => i.region === target.region);
  const live = new Set(instances.map((i) => i.account));
  const recorded = target.deployedAccounts;
  const updateStackSet =
    existing !== undefined &&
    (!sameJsonDocument(existing.templateBody, templateBody) ||
      existing.parameters[prefixParameter] !== prefix ||
      existing.autoDeployment?.enabled !== true ||
      existing.autoDeployment.retainStacksOnAccountRemoval);
  return {
    group: target.name,
    stackSetName: name,
    region: target.region,
    organizationalUnits: target.organizationalUnits,
    create: existing === undefined,
    updateStackSet,
    addOus: target.organizationalUnits.filter((ou) => !deployedOus.includes(ou)),
    removeOus: deployedOus.filter((ou) => !target.organizationalUnits.includes(ou)),
    joined: [...live].filter((a) => !recorded.includes(a)).sort(),
    left: recorded.filter((a) => !live.has(a)).sort(),
    // An UpdateStackSet deploys these again anyway.
    retry: updateStackSet
      ? []
      : instances
          .filter(lastOperationFailed)
          .map((i) => i.account)
          .sort(),
    recorded,
    prefix,
    templateBody,
    prefixParameter,
    port,
  };
}

/** Whether rolling out `g` writes anything (to AWS or to the spec). */
export function ouGroupChanges(g: OuRolloutPreview): boolean {
  return (
    g.create ||
    g.updateStackSet ||
    g.addOus.length + g.removeOus.length + g.joined.length + g.left.length + g.retry.length > 0
  );
}

/**
 * Rolls out one OU target: creates the service-managed StackSet (auto-deployment on, the prefix as its parameter)
 * or updates it, deploys it to new OUs and removes it from dropped ones (each one operation, waited for), then
 * lists the instances: the accounts in the OUs now, with per-account outcomes. Failures are outcomes, not throws.
 */
export async function rolloutOuGroup(
  g: OuRolloutPreview,
  options: RolloutOuGroupOptions,
): Promise<OuRolloutResult> {
  const port = g.port;
  const preferences: OperationPreferences = {
    maxConcurrentCount: options.maxConcurrent ?? 10,
    failureToleranceCount: options.failureTolerance ?? 0,
  };
  const parameters = { [g.prefixParameter]: g.prefix };
  const failures = new Map<string, CrossroleError>();
  const collect = (failed: Map<string, CrossroleError>) => {
    for (const [account, error] of failed) failures.set(account, error);
  };
  try {
    if (g.create) {
      await port.createStackSet({
        name: g.stackSetName,
        templateBody: g.templateBody,
        description: `crossrole target ${g.group}: the role builds assume in every account of ${g.organizationalUnits.join(", ")}, ExternalId <prefix>-<account>`,
        permissionModel: "SERVICE_MANAGED",
        autoDeployment: AUTO_DEPLOYMENT,
        parameters,
        tags: { [MANAGED_TAG_KEY]: MANAGED_TAG_VALUE },
      });
    } else if (g.updateStackSet || g.retry.length > 0) {
      const id = await port.updateStackSet({
        name: g.stackSetName,
        templateBody: g.templateBody,
        parameters,
        autoDeployment: AUTO_DEPLOYMENT,
        preferences,
      });
      collect(await waitForStackSetOperation(port, g.stackSetName, id, options));
    }
    const regions = [g.region];
    if (g.addOus.length > 0) {
      const id = await port.createStackInstances({
        name: g.stackSetName,
        organizationalUnitIds: g.addOus,
        regions,
        preferences,
      });
      collect(await waitForStackSetOperation(port, g.stackSetName, id, options));
    }
    if (g.removeOus.length > 0) {
      const id = await port.deleteStackInstances({
        name: g.stackSetName,
        organizationalUnitIds: g.removeOus,
        regions,
        preferences,
      });
      collect(await waitForStackSetOperation(port, g.stackSetName, id, options));
    }
  } catch (error) {
    return groupFailed(g, asCrossroleError(error), options);
  }
  let instances: Awaited<ReturnType<StackSetPort["listStackInstances"]>>;
  try {
    instances = (await port.listStackInstances(g.stackSetName)).filter((i) => i.region === g.region);
  } catch (error) {
    return groupFailed(g, asCrossroleError(error), options);
  }
  const deployed = [...new Set(instances.map((i) => i.account))].sort();
  const accounts = [...new Set([...deployed, ...g.recorded])].sort();
  const outcomes = accounts.map((account): PartOutcome => {
    const part = fleetMemberName(g.group, account);
    options.onProgress?.({ part, phase: "start" });
    const error = failures.get(account) ?? failures.get("*");
    const live = instances.find((i) => i.account === account);
    let outcome: PartOutcome;
    if (error !== undefined) outcome = failedPart(part, error);
    else if (live !== undefined && live.status !== "CURRENT") {
      outcome = failedPart(part, instanceNotCurrent(g.stackSetName, live));
    } else {
      const note =
        live === undefined
          ? "left the OUs: no role any more, dropped from deployedAccounts and the BUILD grant"
          : !g.recorded.includes(account)
            ? "in the OUs: role deployed, recorded in deployedAccounts"
            : g.updateStackSet
              ? "role updated (StackSet)"
              : g.retry.includes(account)
                ? "role deployed again (its last stack operation had failed)"
                : undefined;
      outcome = {
        part,
        side: "target",
        status: note === undefined ? "unchanged" : "done",
        applied: [],
        notApplied: [],
        notes: note === undefined ? [] : [note],
      };
    }
    options.onProgress?.({ part, phase: "finish", outcome });
    return outcome;
  });
  return { outcomes, deployed };
}

// --- internal ---

function groupFailed(
  g: OuRolloutPreview,
  error: CrossroleError,
  options: RolloutOuGroupOptions,
): OuRolloutResult {
  const outcome = failedPart(g.group, error);
  options.onProgress?.({ part: g.group, phase: "start" });
  options.onProgress?.({ part: g.group, phase: "finish", outcome });
  return { outcomes: [outcome], deployed: undefined };
}
