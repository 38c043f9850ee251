import { profileNameOfSection } from "./aws-profile-section.js";
import { upsertIniSection } from "./edit-ini-section.js";
import { findIniSections, readIniSection } from "./find-ini-section.js";
import { hasManagedMarker } from "./managed-marker.js";
import type { IniDocument } from "./parse-ini.js";

/** What {@link replaceManagedExternalId} did. */
export interface ReplaceExternalIdResult {
  doc: IniDocument;
  /** Profiles whose `external_id` was rewritten. */
  updated: string[];
}

/**
 * In a config file: every profile crossrole wrote (marked section) that assumes `roleArn` with one of `oldIds`
 * gets `external_id = newId`, rewritten in place (other lines byte for byte). Sections crossrole did not write,
 * and profiles of other roles, are left alone. Pure.
 */
export function replaceManagedExternalId(
  doc: IniDocument,
  roleArn: string,
  oldIds: readonly string[],
  newId: string,
): ReplaceExternalIdResult {
  let next = doc;
  const updated: string[] = [];
  const headers = findIniSections(doc, (header) => profileNameOfSection(header, "config") !== undefined);
  // Last section first: an edit may drop duplicate lines, which would move the sections after it.
  for (const at of headers.reverse()) {
    if (!hasManagedMarker(doc, at)) continue;
    const values = readIniSection(doc, at);
    const current = values.get("external_id");
    if (values.get("role_arn") !== roleArn || current === undefined || !oldIds.includes(current)) continue;
    next = upsertIniSection(next, "", at, [{ key: "external_id", value: newId }]);
    const header = doc.lines[at]?.name ?? "";
    updated.unshift(profileNameOfSection(header, "config") ?? header);
  }
  return { doc: next, updated };
}
