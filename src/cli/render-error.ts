import { CrossroleError, InternalError } from "../core/errors.js";

/**
 * Renders an error for stderr. A CrossroleError is the user's to fix: message and hint, no stack trace.
 * Anything else is a crossrole bug: say so, with the stack and versions to report.
 */
export function renderError(error: unknown): string {
  if (error instanceof InternalError) return renderError(error.cause);
  if (error instanceof CrossroleError) {
    const hint = error.hint === undefined ? "" : `\n  next: ${error.hint}`;
    // Usage errors already name the command ("crossrole plan: ..."): no second prefix.
    const prefix = error.message.startsWith("crossrole ") ? "" : "crossrole: ";
    return `${prefix}${error.message}${hint}\n`;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return [
    "crossrole: unexpected error. This is a bug in crossrole; please report it with the output below",
    `  ${BUGS_URL === "" ? "" : `at ${BUGS_URL} `}(run again with NODE_OPTIONS=--enable-source-maps for a readable stack trace).`,
    `  crossrole ${VERSION}, node ${process.version}, ${process.platform}-${process.arch}`,
    detail
      .split("\n")
      .map((l) => `  ${l}`)
      .join("\n"),
    "",
  ].join("\n");
}

// --- internal ---

declare const __CROSSROLE_VERSION__: string | undefined;
const VERSION = typeof __CROSSROLE_VERSION__ === "string" ? __CROSSROLE_VERSION__ : "dev";
declare const __CROSSROLE_BUGS_URL__: string | undefined;
/** package.json's bugs URL, when it has one (empty otherwise, and in tests run from source). */
const BUGS_URL = typeof __CROSSROLE_BUGS_URL__ === "string" ? __CROSSROLE_BUGS_URL__ : "";
