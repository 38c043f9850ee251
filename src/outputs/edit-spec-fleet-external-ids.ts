import { isMap, parseDocument, type YAMLMap } from "yaml";
import { UsageError } from "../core/errors.js";
import type { FleetExternalIdAdditions } from "../core/fleet-external-ids.js";
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
  if (/\.json$/i.test(file) || text.trimStart().startsWith("{")) return setInJson(text, file, additions);
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new UsageError(`cannot edit ${file}: ${doc.errors[0]?.message ?? "invalid YAML"}`);
  for (const [target, ids] of Object.entries(additions)) {
    if (!doc.hasIn(["targets", target])) throw noTarget(file, target);
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
  }
  return doc.toString({ lineWidth: 0 });
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

// --- internal ---

function setInJson(text: string, file: string, additions: FleetExternalIdAdditions): string {
  const data = JSON.parse(text) as { targets?: Record<string, Record<string, unknown>> };
  for (const [target, ids] of Object.entries(additions)) {
    const entry = data.targets?.[target];
    if (entry === undefined) throw noTarget(file, target);
    const existing = (entry.externalIds ?? {}) as Record<string, unknown>;
    entry.externalIds = { ...ids, ...existing };
  }
  return `${JSON.stringify(data, null, 2)}\n`;
}

function noTarget(file: string, target: string): UsageError {
  return new UsageError(`no target named "${target}" in ${file}.`);
}
