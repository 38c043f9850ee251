import { renderJsonDocument } from "./render-json-document.js";
import type { RotateBuildKeyDocument } from "./rotate-build-key-document.js";

/** What `rotate build-key --json` reads (the rotation workflow's result has this shape). */
export type BuildKeyRotationView = Omit<RotateBuildKeyDocument, "formatVersion" | "command" | "writtenTo">;

/**
 * `crossrole rotate build-key --json` (schema/output/rotate-build-key.schema.json): the new key's ID and the file
 * it was written to; its secret is only ever in that file.
 */
export function renderRotateBuildKeyJson(run: BuildKeyRotationView, writtenTo: string): string {
  const document: RotateBuildKeyDocument = {
    formatVersion: 1,
    command: "rotate build-key",
    userName: run.userName,
    principalArn: run.principalArn,
    created: run.created,
    writtenTo,
    ...(run.deletedInactive === undefined ? {} : { deletedInactive: run.deletedInactive }),
    proofs: run.proofs.map((p) => ({ target: p.target, roleArn: p.roleArn, ok: p.ok, detail: p.detail })),
    oldKeys: run.oldKeys.map((k) => ({ accessKeyId: k.accessKeyId, action: k.action })),
    ...(run.stopped === undefined ? {} : { stopped: run.stopped }),
  };
  return renderJsonDocument(document);
}
