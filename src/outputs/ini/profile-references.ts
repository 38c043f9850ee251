import { type AwsFileKind, profileNameOfSection } from "./aws-profile-section.js";
import { findIniSections, readIniSection } from "./find-ini-section.js";
import { hasManagedMarker } from "./managed-marker.js";
import type { IniDocument } from "./parse-ini.js";

/** One AWS file's parsed text and which of the two files it is. */
export interface AwsFileDocument {
  doc: IniDocument;
  kind: AwsFileKind;
}

/**
 * The profile names some profile points at with `source_profile`, in any of the files (botocore merges the config
 * and credentials files, so a `source_profile` may name a section of either). Pure.
 */
export function referencedProfiles(files: readonly AwsFileDocument[]): Set<string> {
  const names = new Set<string>();
  for (const { doc, kind } of files) {
    for (const at of findIniSections(doc, (header) => profileNameOfSection(header, kind) !== undefined)) {
      const source = readIniSection(doc, at).get("source_profile");
      if (source !== undefined && source !== "") names.add(source);
    }
  }
  return names;
}

/** True when `name` is a profile defined in any of the files (config `[profile NAME]` or credentials `[NAME]`). */
export function profileExists(files: readonly AwsFileDocument[], name: string): boolean {
  return files.some(
    ({ doc, kind }) =>
      findIniSections(doc, (header) => profileNameOfSection(header, kind) === name).length > 0,
  );
}

/**
 * The rule every cleanup of crossrole's own sections obeys: of `candidates`, the names whose section in `target`
 * carries crossrole's marker AND that no profile in `files` references (`source_profile`). A section some profile
 * still uses is never deleted, whoever wrote that profile. Pure.
 */
export function unreferencedManagedSections(
  target: AwsFileDocument,
  candidates: readonly string[],
  files: readonly AwsFileDocument[],
): string[] {
  const referenced = referencedProfiles(files);
  return candidates.filter((name) => {
    if (referenced.has(name)) return false;
    const found = findIniSections(target.doc, (header) => profileNameOfSection(header, target.kind) === name);
    return found.length === 1 && hasManagedMarker(target.doc, found[0] as number);
  });
}
