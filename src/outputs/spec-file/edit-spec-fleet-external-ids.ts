import { isMap, type YAMLMap } from "yaml";
import type { FleetExternalIdAdditions } from "../../core/plan/fleet-external-ids.js";
import { editSpecTargets } from "./edit-spec-targets.js";
import { rewriteSpecFile } from "./rewrite-spec-file.js";

/**
 * The spec text with `targets.<target>.externalIds.<account>` set for each addition, everything else kept: for
 * YAML, comments, blank lines, key order and quoting (yaml Document API; account keys are written quoted, as the
 * schema wants strings); for JSON, re-serialised with a 2-space indent. Existing IDs are never changed. Pure.
 * @throws UsageError when a target is not in the spec.
 */
export function setSpecFleetExternalIds(
  text: string,
  file: string,
  additions: FleetExternalIdAdditions,
): string {
  return editSpecTargets(text, file, additions, {
    yaml(doc, target, ids) {
      let map = doc.getIn(["targets", target, "externalIds"], true);
      if (!isMap(map)) {
        map = doc.createNode({});
        doc.setIn(["targets", target, "externalIds"], map);
      }
      for (const [account, id] of Object.entries(ids)) {
        if ((map as YAMLMap).has(account)) continue;
        const key = doc.createNode(account);
        (key as { type?: string }).type = "QUOTE_DOUBLE";
        (map as YAMLMap).add(doc.createPair(key, id));
      }
    },
    json(entry, ids) {
      entry.externalIds = { ...ids, ...((entry.externalIds ?? {}) as Record<string, unknown>) };
    },
  });
}

/**
 * Writes the new per-account ExternalIds into the spec in place (see {@link setSpecFleetExternalIds}),
 * atomically, under the file's lock. When the file changed since `expectedText` was read, nothing is written
 * (SPEC_CHANGED). Returns the text written.
 */
export async function editSpecFleetExternalIds(
  file: string,
  additions: FleetExternalIdAdditions,
  expectedText: string,
): Promise<string> {
  return rewriteSpecFile(file, (text) => setSpecFleetExternalIds(text, file, additions), {
    expectedText,
    notWritten: "no ExternalIds were added.",
    hint: "Run the command again.",
  });
}
