import { CrossroleError, SpecError } from "../core/errors.js";
import { assumeTargetWithoutSpecParsing } from "../workflows/assume-target.js";
import { errorToExitCode } from "./exit-codes.js";
import { processContext } from "./process-context.js";
import { renderError } from "./render-error.js";
import { runAssumeWith } from "./run-assume-with.js";
import { stsAdapterLoader } from "./sts-adapter-loader.js";

/**
 * `crossrole assume` without the ES-module CLI, for the common cases: the session is cached (no AWS SDK loaded),
 * or the target is known without parsing the spec (a role ARN, or the resolved-target cache), so the AssumeRole
 * runs through the code-cached CommonJS STS script. The executable (bin.ts) runs this CommonJS bundle before
 * loading the ES-module CLI. Undefined when the spec must be parsed, or when anything else goes wrong, having
 * printed nothing: the full command then runs and reports it properly (a failed AssumeRole is then tried once
 * more; it changes nothing). A local file refused as unsafe to read (the spec or an AWS shared file is a FIFO, a
 * device, too large) is reported here instead: the full command would only read it again.
 */
export async function assumeFastPath(argv: string[]): Promise<number | undefined> {
  try {
    return await runAssumeWith(argv, processContext(), {
      assume: (options) => assumeTargetWithoutSpecParsing({ ...options, loadSts: stsAdapterLoader(options) }),
      fastPath: true,
    });
  } catch (error) {
    if (!isRefusedLocalFile(error)) return undefined;
    processContext().stderr.write(renderError(error, { version: VERSION, color: false }));
    return errorToExitCode(error);
  }
}

// --- internal ---

declare const __CROSSROLE_VERSION__: string | undefined;
const VERSION = typeof __CROSSROLE_VERSION__ === "string" ? __CROSSROLE_VERSION__ : "dev";

/**
 * A file the read primitive refused (LocalFileError; by code, since the STS script has its own copy of the
 * class) or a spec over the size limit (the only SpecError the fast path can meet: it never parses).
 */
function isRefusedLocalFile(error: unknown): error is CrossroleError {
  return (
    error instanceof CrossroleError && (error.code.startsWith("LOCAL_FILE_") || error instanceof SpecError)
  );
}
