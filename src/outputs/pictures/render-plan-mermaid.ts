import { type AccessGraph, type RoleAccess, serviceLines } from "./access-graph.js";
import { escapeMermaid } from "./escape-markup.js";
import { maskExternalId } from "./mask-external-id.js";

/**
 * At most this many role (or group) nodes in one Mermaid diagram: past it the picture is unreadable and Mermaid's
 * default limits (500 edges, 50,000 characters) come near. Larger fleets are drawn one node per target group, and
 * past this many groups not at all (`plan --format dot` draws any size).
 */
export const MAX_MERMAID_NODES = 40;

/** A Mermaid flowchart of the plan, and what its nodes stand for. */
export interface MermaidDiagram {
  text: string;
  /** `roles`: one node per target role; `groups`: one node per target group (a fleet's accounts in one node). */
  level: "roles" | "groups";
}

/**
 * The plan as a Mermaid flowchart: the BUILD principal → each target role (edge labelled with the account and a
 * masked ExternalId) → what the role may do, one node per service. Node ids are generated (`p0`, `r3`, `r3s1`),
 * every label is escaped ({@link escapeMermaid}), nodes carry the classes `principal`, `role` and `access`.
 * Undefined when even one node per group would be more than {@link MAX_MERMAID_NODES}: never a cut diagram.
 */
export function renderPlanMermaid(graph: AccessGraph): MermaidDiagram | undefined {
  const byRole = graph.roles.length <= MAX_MERMAID_NODES;
  if (!byRole && graph.groups.length > MAX_MERMAID_NODES) return undefined;
  const lines = [
    "flowchart LR",
    "  classDef principal fill:#dbeafe,stroke:#1e40af,color:#0b1f4d",
    "  classDef role fill:#fef3c7,stroke:#92400e,color:#3b1d02",
    "  classDef access fill:#ecfdf5,stroke:#065f46,color:#022c22",
    `  p0["${label(["BUILD principal", graph.principalArn])}"]:::principal`,
  ];
  const nodes = byRole
    ? graph.roles.map((role) => ({ title: roleTitle(role), edge: roleEdge(role), roles: [role] }))
    : graph.groups.map((group) => ({
        title: [
          `${group.name}: ${group.roles.length} accounts`,
          `role ${group.roles[0]?.target.roleName ?? ""}`,
        ],
        edge: ["sts:AssumeRole", "ExternalId per account"],
        roles: group.roles,
      }));
  nodes.forEach((node, i) => {
    lines.push(`  r${i}["${label(node.title)}"]:::role`, `  p0 -->|"${label(node.edge)}"| r${i}`);
    accessLines(node.roles).forEach((text, j) => {
      lines.push(`  r${i}s${j}["${label([text])}"]:::access`, `  r${i} --> r${i}s${j}`);
    });
  });
  return { text: `${lines.join("\n")}\n`, level: byRole ? "roles" : "groups" };
}

// --- internal ---

function roleTitle(role: RoleAccess): string[] {
  return [
    role.target.name,
    `account ${role.target.account}`,
    `role ${role.target.rolePath}${role.target.roleName}`,
  ];
}

function roleEdge(role: RoleAccess): string[] {
  const ids = role.target.externalIds;
  return [
    `sts:AssumeRole in ${role.target.account}`,
    ids.length === 0 ? "NO ExternalId" : `ExternalId ${ids.map(maskExternalId).join(" or ")}`,
  ];
}

/** One line per service (union over the roles given), then the managed policies. */
function accessLines(roles: readonly RoleAccess[]): string[] {
  const services = new Map<string, Set<string>>();
  const managed = new Set<string>();
  for (const role of roles) {
    for (const [service, actions] of role.services)
      services.set(service, new Set([...(services.get(service) ?? []), ...actions]));
    for (const arn of role.managedPolicyArns) managed.add(arn.slice(arn.lastIndexOf("/") + 1));
  }
  const lines = serviceLines(new Map([...services].map(([s, a]) => [s, [...a].sort()])));
  if (managed.size > 0) lines.push(`managed: ${[...managed].sort().join(", ")}`);
  if (lines.length === 0) lines.push("no permissions");
  return lines;
}

/** Escaped lines joined by Mermaid line breaks; long lines wrapped at ", " every ~60 characters. */
function label(lines: readonly string[]): string {
  return lines.flatMap((line) => wrap(line).map(escapeMermaid)).join("<br/>");
}

function wrap(line: string): string[] {
  const parts = line.split(", ");
  const out: string[] = [];
  let current = "";
  for (const part of parts) {
    if (current !== "" && current.length + part.length > 60) {
      out.push(`${current},`);
      current = part;
    } else current = current === "" ? part : `${current}, ${part}`;
  }
  out.push(current);
  return out;
}
