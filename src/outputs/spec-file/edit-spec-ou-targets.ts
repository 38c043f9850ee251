import type { Scalar } from "yaml";
import { editSpecTargets } from "./edit-spec-targets.js";
import { rewriteSpecFile } from "./rewrite-spec-file.js";

/** What `crossrole rollout` records for one `organizationalUnits` target. */
export interface OuTargetRecord {
  /** Set only when the target has none yet (an existing prefix is never changed). */
  externalIdPrefix?: string;
  /** Replaces the list: the accounts the StackSet has instances in, sorted. */
  deployedAccounts?: string[];
}

/** Target name → what to record. */
export type OuTargetRecords = Record<string, OuTargetRecord>;

/**
 * The spec text with `externalIdPrefix` (when missing) and `deployedAccounts` of each named target set, everything
 * else kept: for YAML, comments, blank lines, key order and quoting (yaml Document API; accounts are written as a
 * block list of quoted strings, one per line, so a review diff shows each account that joined or left); for JSON,
 * re-serialised with a 2-space indent. Pure.
 * @throws UsageError when a target is not in the spec.
 */
export function setSpecOuTargets(text: string, file: string, records: OuTargetRecords): string {
  return editSpecTargets(text, file, records, {
    yaml(doc, target, record) {
      if (record.externalIdPrefix !== undefined && !doc.hasIn(["targets", target, "externalIdPrefix"]))
        doc.setIn(["targets", target, "externalIdPrefix"], record.externalIdPrefix);
      if (record.deployedAccounts !== undefined) {
        const list = doc.createNode(record.deployedAccounts);
        for (const item of list.items as Scalar[]) item.type = "QUOTE_DOUBLE";
        list.flow = false;
        doc.setIn(["targets", target, "deployedAccounts"], list);
      }
    },
    json(entry, record) {
      if (record.externalIdPrefix !== undefined && entry.externalIdPrefix === undefined)
        entry.externalIdPrefix = record.externalIdPrefix;
      if (record.deployedAccounts !== undefined) entry.deployedAccounts = record.deployedAccounts;
    },
  });
}

/**
 * Records rollout's findings in the spec in place (see {@link setSpecOuTargets}), atomically, under the file's
 * lock; nothing is written when the file changed since `expectedText` was read (SPEC_CHANGED).
 * @returns the text written.
 */
export async function editSpecOuTargets(
  file: string,
  records: OuTargetRecords,
  expectedText: string,
): Promise<string> {
  return rewriteSpecFile(file, (text) => setSpecOuTargets(text, file, records), {
    expectedText,
    notWritten: "the deployed accounts were not recorded.",
    hint: "Run crossrole rollout again: it reads the StackSet and records them.",
  });
}
