import { removeIniSection } from "./edit-ini-section.js";
import { findIniSections, readIniSection } from "./find-ini-section.js";
import { hasManagedMarker } from "./managed-marker.js";
import type { IniDocument } from "./parse-ini.js";

/** The marker origin of the `[NAME-source]` section `profile NAME --source-from-env` writes. */
export function sourceSectionOrigin(profile: string): string {
  return `source credentials of profile ${profile}`;
}

/**
 * Removes from a credentials file the `[NAME-source]` sections crossrole wrote for `profile NAME --source-from-env`
 * (marked, with that origin) that no section of the config file names as its `source_profile` any more: keys
 * nothing uses, e.g. left by a run killed between its two writes, or by a profile deleted by hand. Sections without
 * crossrole's marker, and marked sections of another origin (configure --from-env), are never touched. Pure.
 * @param config the config file's document (undefined: there is none, so nothing is referenced).
 */
export function removeOrphanSourceSections(
  credentials: IniDocument,
  config: IniDocument | undefined,
): { doc: IniDocument; removed: string[] } {
  const referenced = new Set<string>();
  if (config !== undefined) {
    for (const at of findIniSections(config, () => true)) {
      const source = readIniSection(config, at).get("source_profile");
      if (source !== undefined) referenced.add(source);
    }
  }
  const removed: string[] = [];
  let doc = credentials;
  // Last first, so earlier header indexes stay valid while sections are removed.
  for (const at of findIniSections(credentials, (name) => name.endsWith("-source")).reverse()) {
    const name = credentials.lines[at]?.name ?? "";
    if (referenced.has(name) || !hasManagedMarker(credentials, at)) continue;
    const marker = credentials.lines[at - 1]?.text ?? "";
    if (!marker.includes(`(${sourceSectionOrigin(name.slice(0, -"-source".length))})`)) continue;
    doc = removeIniSection(doc, at);
    removed.unshift(name);
  }
  return { doc, removed };
}
