import type { ConfigureDocument } from "./configure-document.js";
import { renderJsonDocument } from "./render-json-document.js";

/** What `configure --json` reads (the configure workflow's result has this shape). */
export interface ConfigureView {
  changed: boolean;
  credentialsFile: string;
  credentialsSection: string;
  configFile: string;
  configSections: readonly string[];
  roleArn: string;
  externalId?: string | undefined;
  region: string;
  warnings: readonly string[];
  notes: readonly string[];
}

/**
 * `crossrole configure --from-env --json` (schema/output/configure.schema.json): the sections written and where;
 * the keys from the environment are only ever in the credentials file.
 */
export function renderConfigureJson(result: ConfigureView): string {
  const document: ConfigureDocument = {
    formatVersion: 1,
    command: "configure",
    changed: result.changed,
    credentialsFile: result.credentialsFile,
    credentialsSection: result.credentialsSection,
    configFile: result.configFile,
    configSections: [...result.configSections],
    roleArn: result.roleArn,
    hasExternalId: result.externalId !== undefined,
    region: result.region,
    warnings: [...result.warnings],
    notes: [...result.notes],
  };
  return renderJsonDocument(document);
}
