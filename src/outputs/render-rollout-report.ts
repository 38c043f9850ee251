import type { PartOutcome } from "../core/diff/part-outcome.js";
import { markDiffLine, plainStyle, type Style } from "./style.js";

/** The preview of `crossrole rollout`: per StackSet what will change, generated IDs, the BUILD grant's size. */
/**
 * What the rollout preview renderer reads (the rollout workflow's `RolloutPreview` has this shape): per StackSet of
 * a multi-account target and of an OU target what will change, and the BUILD grant's size.
 */
export interface RolloutPreviewView {
  groups: readonly {
    group: string;
    stackSetName: string;
    region: string;
    members: readonly unknown[];
    create: boolean;
    updateTemplate: boolean;
    add: readonly string[];
    updateOverrides: readonly string[];
    remove: readonly string[];
    retry: readonly string[];
  }[];
  ouGroups: readonly {
    group: string;
    stackSetName: string;
    region: string;
    organizationalUnits: readonly string[];
    recorded: readonly string[];
    create: boolean;
    updateStackSet: boolean;
    addOus: readonly string[];
    removeOus: readonly string[];
    joined: readonly string[];
    left: readonly string[];
    retry: readonly string[];
  }[];
  generated: Readonly<Record<string, Readonly<Record<string, string>>>>;
  generatedPrefixes: Readonly<Record<string, string>>;
  grantSize: number;
  grantLimit: number;
  grantParts: number;
}

export function renderRolloutPreview(preview: RolloutPreviewView, style: Style = plainStyle): string {
  const lines: string[] = [];
  for (const g of preview.groups) {
    lines.push(
      `StackSet ${g.stackSetName} (target ${g.group}, ${g.members.length} account(s), ${g.region}):`,
    );
    if (g.create) lines.push("  + create the StackSet (SELF_MANAGED, CAPABILITY_NAMED_IAM)");
    if (g.updateTemplate) lines.push("  ~ update the role template in every account (UpdateStackSet)");
    if (g.add.length > 0) lines.push(`  + add ${g.add.length} account(s): ${list(g.add)}`);
    if (g.updateOverrides.length > 0)
      lines.push(
        `  ~ change the ExternalId of ${g.updateOverrides.length} account(s): ${list(g.updateOverrides)}`,
      );
    if (g.remove.length > 0)
      lines.push(
        `  - REMOVE ${g.remove.length} account(s) no longer in the spec (their roles are deleted): ${list(g.remove)}`,
      );
    if (g.retry.length > 0) lines.push(deployAgain(g.retry));
    if (
      !g.create &&
      !g.updateTemplate &&
      g.add.length + g.updateOverrides.length + g.remove.length + g.retry.length === 0
    )
      lines.push("  no changes");
  }
  for (const g of preview.ouGroups) {
    lines.push(
      `StackSet ${g.stackSetName} (target ${g.group}, OUs ${g.organizationalUnits.join(", ")}, ${g.recorded.length} account(s) recorded, ${g.region}):`,
    );
    if (g.create)
      lines.push(
        "  + create the StackSet (SERVICE_MANAGED, auto-deployment on, CAPABILITY_NAMED_IAM); ExternalId of each account: <externalIdPrefix>-<account>",
      );
    if (g.updateStackSet)
      lines.push(
        "  ~ update the role template, ExternalId prefix or auto-deployment in every account (UpdateStackSet)",
      );
    if (g.addOus.length > 0) lines.push(`  + deploy to OU(s): ${list(g.addOus)}`);
    if (g.removeOus.length > 0)
      lines.push(
        `  - REMOVE from OU(s) no longer in the spec (the roles in their accounts are deleted): ${list(g.removeOus)}`,
      );
    if (g.joined.length > 0)
      lines.push(
        `  + ${g.joined.length} account(s) joined the OUs since the last rollout (recorded, added to the BUILD grant): ${list(g.joined)}`,
      );
    if (g.left.length > 0)
      lines.push(
        `  - ${g.left.length} account(s) left the OUs (dropped from deployedAccounts and the BUILD grant): ${list(g.left)}`,
      );
    if (g.retry.length > 0) lines.push(deployAgain(g.retry));
    if (
      !g.create &&
      !g.updateStackSet &&
      g.addOus.length + g.removeOus.length + g.joined.length + g.left.length + g.retry.length === 0
    )
      lines.push("  no changes");
  }
  for (const target of Object.keys(preview.generatedPrefixes))
    lines.push(`new ExternalId prefix for target ${target} (written to the spec under externalIdPrefix)`);
  const generated = Object.entries(preview.generated);
  for (const [target, ids] of generated)
    lines.push(
      `new ExternalIds for target ${target}: ${Object.keys(ids).length} (written to the spec under externalIds)`,
    );
  lines.push(
    preview.grantParts === 0
      ? `BUILD grant: ${preview.grantSize} of ${preview.grantLimit} characters (IAM inline-policy quota)`
      : `BUILD grant: ${preview.grantSize} characters, over the ${preview.grantLimit}-character inline quota: ${preview.grantParts} customer-managed policies /crossrole/crossrole-assume-targets-1..${preview.grantParts} (6,144 characters each)${preview.grantParts > 10 ? "; more than 10 attached policies needs an IAM quota increase" : ""}`,
  );
  return `${lines.map((l) => markDiffLine(l, style)).join("\n")}\n`;
}

/** The summary line of a rollout, and each failing account with its reason. */
export function renderRolloutSummary(
  outcomes: readonly PartOutcome[],
  style: Style = plainStyle,
  /** Parts already printed as they finished (the progress reporter): not repeated. */
  omit: ReadonlySet<string> = new Set(),
): string {
  const count = (s: PartOutcome["status"]) => outcomes.filter((o) => o.status === s).length;
  const lines = [
    `rollout: ${count("done")} changed, ${count("unchanged")} unchanged, ${count("failed")} failed, ${count("not-attempted")} not attempted`,
  ];
  for (const o of outcomes.filter((o) => o.status === "failed" && !omit.has(o.part)))
    lines.push(
      `  ${style.bad("FAILED")} ${o.part}: ${o.error?.message ?? "failed"}${o.error?.hint === undefined ? "" : `\n    hint: ${o.error.hint}`}`,
    );
  return `${lines.join("\n")}\n`;
}

// --- internal ---

function list(accounts: readonly string[]): string {
  return accounts.length <= 8
    ? accounts.join(", ")
    : `${accounts.slice(0, 8).join(", ")}, … (${accounts.length - 8} more)`;
}

function deployAgain(accounts: readonly string[]): string {
  return `  ~ deploy again ${accounts.length} account(s) whose last stack operation failed: ${list(accounts)}`;
}
