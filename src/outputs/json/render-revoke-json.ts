import type { CrossroleError } from "../../core/errors.js";
import { renderJsonDocument } from "./render-json-document.js";
import type { RevokeDocument } from "./revoke-document.js";
import { toProblem } from "./to-problem.js";

type TargetDoc = RevokeDocument["targets"][number];

/** What `revoke --json` reads (the revoke workflow's result has this shape). */
export interface RevokeRunView {
  executed: boolean;
  targets: ReadonlyArray<Omit<TargetDoc, "error"> & { error?: CrossroleError }>;
  buildKeys?: Omit<NonNullable<RevokeDocument["buildKeys"]>, "error"> & { error?: CrossroleError };
  cleared?: RevokeDocument["cleared"];
}

/** `crossrole revoke --json` (schema/output/revoke.schema.json). `proven` is what exit 0 means. */
export function renderRevokeJson(run: RevokeRunView, proven: boolean): string {
  const keys = run.buildKeys;
  const document: RevokeDocument = {
    formatVersion: 1,
    command: "revoke",
    executed: run.executed,
    proven,
    targets: run.targets.map(({ error, ...t }) => ({
      name: t.name,
      roleArn: t.roleArn,
      status: t.status,
      ...(t.cutoff === undefined ? {} : { cutoff: t.cutoff }),
      ...(t.refreshed === undefined ? {} : { refreshed: t.refreshed }),
      ...(t.confirmed === undefined ? {} : { confirmed: t.confirmed }),
      ...(t.proof === undefined ? {} : { proof: t.proof }),
      ...(error === undefined ? {} : { error: toProblem(error) }),
    })),
    ...(keys === undefined
      ? {}
      : {
          buildKeys: {
            principalArn: keys.principalArn,
            deactivated: keys.deactivated,
            alreadyInactive: keys.alreadyInactive,
            ...(keys.note === undefined ? {} : { note: keys.note }),
            ...(keys.error === undefined ? {} : { error: toProblem(keys.error) }),
          },
        }),
    ...(run.cleared === undefined ? {} : { cleared: run.cleared }),
  };
  return renderJsonDocument(document);
}
