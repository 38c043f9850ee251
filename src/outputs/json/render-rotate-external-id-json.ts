import { maskExternalId } from "../../core/identifiers/mask-external-id.js";
import { renderJsonDocument } from "./render-json-document.js";
import type { RotateExternalIdDocument } from "./rotate-external-id-document.js";

/** What `rotate external-id --json` reads (the rotation workflow's result has this shape). */
export interface ExternalIdRotationView {
  preview: { target: string; roleArn: string; phase: "start" | "finish"; before: string[]; after: string[] };
  executed: boolean;
  proofs: ReadonlyArray<{
    externalId: string;
    expected: "works" | "refused";
    result: "works" | "refused" | "not-proven";
  }>;
  notProven?: string;
  profilesUpdated?: { file: string; profiles: string[] };
  notUpdated?: string[];
}

/**
 * `crossrole rotate external-id --json` (schema/output/rotate-external-id.schema.json). ExternalIds are named by
 * masked to their tail (maskExternalId), as the text report names them; the full values are in the spec file it names.
 */
export function renderRotateExternalIdJson(run: ExternalIdRotationView, specFile: string): string {
  const p = run.preview;
  const document: RotateExternalIdDocument = {
    formatVersion: 1,
    command: "rotate external-id",
    executed: run.executed,
    phase: p.phase,
    target: p.target,
    roleArn: p.roleArn,
    specFile,
    before: p.before.map(externalIdTail),
    after: p.after.map(externalIdTail),
    proofs: run.proofs.map((proof) => ({
      externalId: externalIdTail(proof.externalId),
      expected: proof.expected,
      result: proof.result,
    })),
    proven:
      run.executed &&
      run.notProven === undefined &&
      run.proofs.every((proof) => proof.result === proof.expected),
    ...(run.notProven === undefined ? {} : { notProven: run.notProven }),
    ...(run.profilesUpdated === undefined ? {} : { profilesUpdated: run.profilesUpdated }),
    ...(run.notUpdated === undefined ? {} : { notUpdated: run.notUpdated }),
  };
  return renderJsonDocument(document);
}

/** ExternalIds are not secrets (R2), but their tail is enough to tell them apart in a log (maskExternalId). */
export function externalIdTail(id: string): string {
  return maskExternalId(id);
}
