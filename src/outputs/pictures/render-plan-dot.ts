import type { AccessGraph, RoleAccess } from "./access-graph.js";
import { serviceLines } from "./access-graph.js";
import { quoteDot } from "./escape-markup.js";
import { maskExternalId } from "./mask-external-id.js";

/**
 * The plan as a Graphviz digraph (`crossrole plan --format dot`), for fleets too large for Mermaid: the BUILD
 * principal → every target role (edge: account and masked ExternalId) → one node per role listing what it may
 * do by service. Roles of a multi-account target sit in one cluster. Node ids are generated; every label is a
 * quoted, escaped DOT string ({@link quoteDot}).
 */
export function renderPlanDot(graph: AccessGraph): string {
  const lines = [
    "digraph crossrole {",
    "  rankdir=LR;",
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
    `  p0 [label=${labelOf(["BUILD principal", graph.principalArn])}, fillcolor="#dbeafe"];`,
  ];
  let index = 0;
  graph.groups.forEach((group, g) => {
    const clustered = group.roles.length > 1 || group.roles[0]?.target.group !== undefined;
    if (clustered) lines.push(`  subgraph cluster_${g} {`, `    label=${quoteDot(group.name)};`);
    const indent = clustered ? "    " : "  ";
    for (const role of group.roles) {
      const i = index++;
      lines.push(
        `${indent}r${i} [label=${labelOf([role.target.name, `account ${role.target.account}`, `role ${role.target.rolePath}${role.target.roleName}`])}, fillcolor="#fef3c7"];`,
        `${indent}a${i} [label=${labelOf(accessLines(role))}, fillcolor="#ecfdf5"];`,
      );
    }
    if (clustered) lines.push("  }");
  });
  index = 0;
  for (const group of graph.groups) {
    for (const role of group.roles) {
      const i = index++;
      lines.push(`  p0 -> r${i} [label=${labelOf(edgeLines(role))}];`, `  r${i} -> a${i};`);
    }
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

// --- internal ---

/** A label of several lines: escaped line by line, joined with DOT's centred line break. */
function labelOf(lines: readonly string[]): string {
  return lines.map((line) => quoteDot(line)).join(' + "\\n" + ');
}

function edgeLines(role: RoleAccess): string[] {
  const ids = role.target.externalIds;
  return [
    `sts:AssumeRole in ${role.target.account}`,
    ids.length === 0 ? "NO ExternalId" : `ExternalId ${ids.map(maskExternalId).join(" or ")}`,
  ];
}

function accessLines(role: RoleAccess): string[] {
  const lines = serviceLines(role.services);
  const managed = role.managedPolicyArns.map((arn) => arn.slice(arn.lastIndexOf("/") + 1));
  if (managed.length > 0) lines.push(`managed: ${managed.join(", ")}`);
  return lines.length === 0 ? ["no permissions"] : lines;
}
