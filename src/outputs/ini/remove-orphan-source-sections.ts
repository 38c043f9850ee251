import { removeIniSection } from "./edit-ini-section.js";
import { findIniSections } from "./find-ini-section.js";
import type { IniDocument } from "./parse-ini.js";
import { type AwsFileDocument, unreferencedManagedSections } from "./profile-references.js";

/** The marker origin of the `[NAME-source]` section `profile NAME --source-from-env` writes. */
export function sourceSectionOrigin(profile: string): string {
  return `source credentials of profile ${profile}`;
}

/**
 * Removes from a credentials file the `[NAME-source]` sections crossrole wrote for `profile NAME --source-from-env`
 * (marked, with that origin) that no profile names as its `source_profile` any more (the one rule of
 * {@link unreferencedManagedSections}, over both files as botocore merges them): keys nothing uses, e.g. left by a
 * run killed between its two writes, or by a profile deleted by hand. A section some profile still uses is never
 * removed, whoever wrote that profile. Sections without crossrole's marker, and marked sections of another origin
 * (configure --from-env), are never touched. Pure.
 * @param config the config file's document (undefined: there is none).
 */
export function removeOrphanSourceSections(
  credentials: IniDocument,
  config: IniDocument | undefined,
): { doc: IniDocument; removed: string[] } {
  const target: AwsFileDocument = { doc: credentials, kind: "credentials" };
  const files: AwsFileDocument[] =
    config === undefined ? [target] : [target, { doc: config, kind: "config" }];
  const ours = findIniSections(credentials, (name) => name.endsWith("-source"))
    .filter((at) => {
      const name = credentials.lines[at]?.name ?? "";
      const marker = credentials.lines[at - 1]?.text ?? "";
      return marker.includes(`(${sourceSectionOrigin(name.slice(0, -"-source".length))})`);
    })
    .map((at) => credentials.lines[at]?.name ?? "");
  const removed = unreferencedManagedSections(target, ours, files);
  let doc = credentials;
  // Last first, so earlier header indexes stay valid while sections are removed.
  for (const at of findIniSections(credentials, (name) => removed.includes(name)).reverse()) {
    doc = removeIniSection(doc, at);
  }
  return { doc, removed };
}
