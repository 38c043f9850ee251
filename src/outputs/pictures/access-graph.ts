import type { AccessPlan, TargetPlan } from "../../core/plan/access-plan.js";
import { toList } from "../../core/plan/policy-document.js";

/** What one role may do, as the pictures show it: actions grouped by service, and the resources. */
export interface RoleAccess {
  target: TargetPlan;
  /** Service prefix (`s3`, `ecr`, or `*`) → its actions, sorted, as the permission policy allows them. */
  services: Map<string, string[]>;
  /** Resources of the allowing statements, sorted. */
  resources: string[];
  /** Managed policies attached to the role. */
  managedPolicyArns: string[];
}

/** Targets that share a multi-account target (`group`), or a single target on its own. */
export interface AccessGroup {
  /** The spec's target name: the group, or the single target's name. */
  name: string;
  roles: RoleAccess[];
}

/** The plan as a graph: the BUILD principal, then each target role and what it may do. */
export interface AccessGraph {
  principalArn: string;
  buildAccount: string;
  roles: RoleAccess[];
  /** Roles by spec target, in plan order. */
  groups: AccessGroup[];
}

/** Derives the access graph of a plan (pure). */
export function accessGraph(plan: AccessPlan): AccessGraph {
  const roles = plan.targets.map(roleAccess);
  const groups = new Map<string, RoleAccess[]>();
  for (const role of roles) {
    const name = role.target.group ?? role.target.name;
    groups.set(name, [...(groups.get(name) ?? []), role]);
  }
  return {
    principalArn: plan.build.principalArn,
    buildAccount: plan.build.account,
    roles,
    groups: [...groups].map(([name, members]) => ({ name, roles: members })),
  };
}

/** `service: action, action` lines of a role, one per service. */
export function serviceLines(services: ReadonlyMap<string, readonly string[]>): string[] {
  return [...services].map(([service, actions]) => `${service}: ${actions.map(actionName).join(", ")}`);
}

// --- internal ---

function roleAccess(target: TargetPlan): RoleAccess {
  const services = new Map<string, Set<string>>();
  const resources = new Set<string>();
  for (const statement of target.permissionPolicy?.Statement ?? []) {
    if (statement.Effect !== "Allow") continue;
    for (const action of toList(statement.Action)) {
      const service = action.includes(":") ? action.slice(0, action.indexOf(":")).toLowerCase() : action;
      services.set(service, (services.get(service) ?? new Set()).add(action));
    }
    for (const resource of toList(statement.Resource)) resources.add(resource);
  }
  return {
    target,
    services: new Map(
      [...services].sort(([a], [b]) => compare(a, b)).map(([s, actions]) => [s, [...actions].sort(compare)]),
    ),
    resources: [...resources].sort(compare),
    managedPolicyArns: target.managedPolicyArns,
  };
}

function actionName(action: string): string {
  return action.includes(":") ? action.slice(action.indexOf(":") + 1) : action;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
