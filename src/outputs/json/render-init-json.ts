import type { InitDocument } from "./init-document.js";
import { renderJsonDocument } from "./render-json-document.js";

/** `crossrole init --json` (schema/output/init.schema.json): the file written; the ExternalIds stay in it. */
export function renderInitJson(result: {
  file: string;
  name: string;
  targets: ReadonlyArray<{ name: string; account: string }>;
}): string {
  const document: InitDocument = {
    formatVersion: 1,
    command: "init",
    file: result.file,
    name: result.name,
    targets: result.targets.map((t) => ({ name: t.name, account: t.account })),
  };
  return renderJsonDocument(document);
}
