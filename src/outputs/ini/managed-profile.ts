import { CrossroleError } from "../../core/errors.js";
import { type AwsFileKind, findProfileSection, profileSectionHeader } from "./aws-profile-section.js";
import { type IniEntry, removeIniSection, upsertIniSection } from "./edit-ini-section.js";
import { formatManagedMarker, hasManagedMarker } from "./managed-marker.js";
import type { IniDocument } from "./parse-ini.js";

/** A profile section crossrole writes: every key it should hold, and where it came from (for the marker). */
export interface ManagedProfile {
  name: string;
  /** The section's complete content: keys not listed here are deleted from a section crossrole rewrites. */
  entries: readonly IniEntry[];
  /** Marker text in parentheses, e.g. `target ourthing`. */
  origin: string;
}

/** A section of that name exists and crossrole did not write it (no marker); nothing was changed. */
export class UnmanagedProfileError extends CrossroleError {
  /** The sections refused, as `[header] in FILE`. */
  readonly sections: readonly string[];

  constructor(sections: readonly string[]) {
    const list = sections.join(", ");
    super(
      "PROFILE_NOT_MANAGED",
      "invalid-input",
      `${sections.length === 1 ? "a section" : "sections"} crossrole did not write already exist${sections.length === 1 ? "s" : ""}: ${list}. Nothing was changed.`,
      {
        hint: "Choose another profile name, or pass --force to take them over (crossrole then rewrites and marks them).",
      },
    );
    this.sections = sections;
  }
}

/**
 * The sections among `profiles` that exist in `doc` without crossrole's marker, as `[header] in FILE`: what
 * {@link setManagedProfiles} would refuse without `force`.
 */
export function findUnmanagedProfiles(
  doc: IniDocument,
  kind: AwsFileKind,
  names: readonly string[],
  file: string,
): string[] {
  const refused: string[] = [];
  for (const name of names) {
    const at = findProfileSection(doc, name, kind, file);
    if (at !== undefined && !hasManagedMarker(doc, at))
      refused.push(`[${profileSectionHeader(name, kind)}] in ${file}`);
  }
  return refused;
}

/**
 * Writes each profile's section, marked as crossrole's: an existing marked section is rewritten key by key (lines
 * of unchanged keys and comments kept), a missing one is appended. A section without the marker is refused
 * ({@link UnmanagedProfileError} for all of them at once, before any change) unless `force`, which rewrites it and
 * adds the marker. Pure.
 */
export function setManagedProfiles(
  doc: IniDocument,
  kind: AwsFileKind,
  profiles: readonly ManagedProfile[],
  options: { force: boolean; file: string },
): IniDocument {
  if (!options.force) {
    const refused = findUnmanagedProfiles(
      doc,
      kind,
      profiles.map((p) => p.name),
      options.file,
    );
    if (refused.length > 0) throw new UnmanagedProfileError(refused);
  }
  let next = doc;
  for (const profile of profiles) {
    const at = findProfileSection(next, profile.name, kind, options.file);
    next = upsertIniSection(next, profileSectionHeader(profile.name, kind), at, profile.entries, {
      removeOtherKeys: true,
      marker: formatManagedMarker(profile.origin),
    });
  }
  return next;
}

/** What {@link removeManagedProfiles} did. */
export interface RemoveManagedProfilesResult {
  doc: IniDocument;
  /** Profiles whose (marked) section was removed. */
  removed: string[];
  /** Profiles whose section exists without the marker: left alone. */
  unmanaged: string[];
}

/** Removes the marked sections of `names` (and their markers); sections without the marker are left alone. Pure. */
export function removeManagedProfiles(
  doc: IniDocument,
  kind: AwsFileKind,
  names: readonly string[],
  file: string,
): RemoveManagedProfilesResult {
  let next = doc;
  const removed: string[] = [];
  const unmanaged: string[] = [];
  for (const name of names) {
    const at = findProfileSection(next, name, kind, file);
    if (at === undefined) continue;
    if (!hasManagedMarker(next, at)) {
      unmanaged.push(name);
      continue;
    }
    next = removeIniSection(next, at);
    removed.push(name);
  }
  return { doc: next, removed, unmanaged };
}
