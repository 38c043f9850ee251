import type { ErrorDocument } from "./error-document.js";
import { renderJsonDocument } from "./render-json-document.js";
import { toProblem } from "./to-problem.js";

/**
 * A command's failure as a document (schema/output/error.schema.json): what `--json` prints on stdout when the
 * command cannot print its own document. The usual message still goes to stderr.
 */
export function renderErrorJson(command: string, error: unknown, exitCode: number): string {
  const document: ErrorDocument = { formatVersion: 1, command, error: toProblem(error), exitCode };
  return renderJsonDocument(document);
}
