import type { EcrConfigureHelperDocument } from "./ecr-configure-helper-document.js";
import type { EcrLoginDocument } from "./ecr-login-document.js";
import type { EcrLogoutDocument } from "./ecr-logout-document.js";
import { renderJsonDocument } from "./render-json-document.js";

/** One registry login as `ecr login` gets it; `password` is read by nothing here. */
export interface EcrLoginView {
  host: string;
  target?: string;
  roleArn: string;
  username: string;
  expiresAt: Date;
  fromCache: boolean;
}

/**
 * `crossrole ecr login --json` (schema/output/ecr-login.schema.json): each registry and where its token went
 * (docker's config.json, or docker login). Tokens are never in it: `--print-password` is the way to print one.
 */
export function renderEcrLoginJson(result: {
  via: "config" | "docker";
  dockerConfig: string | undefined;
  logins: readonly EcrLoginView[];
  notices: readonly string[];
}): string {
  const document: EcrLoginDocument = {
    formatVersion: 1,
    command: "ecr login",
    via: result.via,
    dockerConfig: result.dockerConfig ?? null,
    logins: result.logins.map((l) => ({
      host: l.host,
      ...(l.target === undefined ? {} : { target: l.target }),
      roleArn: l.roleArn,
      username: l.username,
      expiresAt: l.expiresAt.toISOString(),
      fromCache: l.fromCache,
    })),
    notices: [...result.notices],
  };
  return renderJsonDocument(document);
}

/** `crossrole ecr configure-helper --json` (schema/output/ecr-configure-helper.schema.json). */
export function renderEcrConfigureHelperJson(result: {
  dockerConfig: string;
  hosts: readonly string[];
  notices: readonly string[];
}): string {
  const document: EcrConfigureHelperDocument = {
    formatVersion: 1,
    command: "ecr configure-helper",
    dockerConfig: result.dockerConfig,
    hosts: [...result.hosts],
    helper: "crossrole",
    notices: [...result.notices],
  };
  return renderJsonDocument(document);
}

/** `crossrole ecr logout --json` (schema/output/ecr-logout.schema.json). */
export function renderEcrLogoutJson(result: {
  dockerConfig: string;
  removed: readonly string[];
  notices: readonly string[];
}): string {
  const document: EcrLogoutDocument = {
    formatVersion: 1,
    command: "ecr logout",
    dockerConfig: result.dockerConfig,
    removed: [...result.removed],
    notices: [...result.notices],
  };
  return renderJsonDocument(document);
}
