import type { ProfileDocument } from "./profile-document.js";
import { renderJsonDocument } from "./render-json-document.js";

/** What `profile --json` reads (the profile workflow's result has this shape). */
export interface ProfileWriteView {
  profile: string;
  changed: boolean;
  configFile: string;
  roleArn: string;
  externalId?: string | undefined;
  region?: string | undefined;
  credentialsFile?: string | undefined;
  sourceSection?: string | undefined;
  warnings: readonly string[];
}

/**
 * `crossrole profile --json` (schema/output/profile.schema.json): the sections written. Whether the profile has an
 * ExternalId, not its value; with --source-from-env, which section of which file got the keys, never the keys.
 */
export function renderProfileWriteJson(result: ProfileWriteView): string {
  const document: ProfileDocument = {
    formatVersion: 1,
    command: "profile",
    action: "write",
    profile: result.profile,
    changed: result.changed,
    configFile: result.configFile,
    configSection: result.profile === "default" ? "[default]" : `[profile ${result.profile}]`,
    roleArn: result.roleArn,
    hasExternalId: result.externalId !== undefined,
    ...(result.region === undefined ? {} : { region: result.region }),
    ...(result.sourceSection === undefined || result.credentialsFile === undefined
      ? {}
      : { credentialsFile: result.credentialsFile, credentialsSection: `[${result.sourceSection}]` }),
    warnings: [...result.warnings],
  };
  return renderJsonDocument(document);
}

/** `crossrole profile --remove --json`: the sections removed (none when crossrole wrote no such profile). */
export function renderProfileRemoveJson(profile: string, removed: readonly string[]): string {
  const document: ProfileDocument = {
    formatVersion: 1,
    command: "profile",
    action: "remove",
    profile,
    removed: [...removed],
  };
  return renderJsonDocument(document);
}
