import { CrossroleError, SpecError } from "../core/errors.js";
import { assumeTargetWith, type StsAdapterLoader } from "../workflows/assume-target-with.js";
import { errorToExitCode } from "./exit-codes.js";
import { processContext } from "./process-context.js";
import { renderError } from "./render-error.js";
import { runAssumeWith } from "./run-assume-with.js";
import { stsAdapterLoader } from "./sts-adapter-loader.js";

/**
 * `crossrole assume` without the ES-module CLI, for the common cases: the session is cached (no AWS SDK loaded),
 * or the target is known without the spec parser (a role ARN, the spec-resolution cache, or the light reader of
 * common specs: an ephemeral CI runner's first call), so the AssumeRole runs through the code-cached CommonJS STS
 * script. Its module graph holds neither the spec parser (yaml, zod) nor the ES-module STS adapter: nothing here
 * imports them, and scripts/build.mjs fails the build if they appear in the bundle. The executable (bin.ts) runs this CommonJS bundle before
 * loading the ES-module CLI. Undefined, having printed nothing, when the spec must be parsed, or when anything
 * goes wrong before a request was sent to AWS: the full command then runs and reports it. Once a request was
 * sent, a failure is reported here, as the full command reports it (same text, same exit code): running the
 * full command would send the same AssumeRole again (twice the calls, exactly when STS throttles). A local file
 * refused as unsafe to read (the spec or an AWS shared file is a FIFO, a device, too large) is reported here too:
 * the full command would only read it again.
 */
export async function assumeFastPath(argv: string[]): Promise<number | undefined> {
  const ctx = processContext();
  let sent = false;
  try {
    return await runAssumeWith(argv, ctx, {
      assume: (options) =>
        // No parseSpecTarget: a target the caches and the light reader do not know is left to the full CLI.
        assumeTargetWith(
          {
            ...options,
            loadSts: noticingRequests(stsAdapterLoader(options), () => {
              sent = true;
            }),
          },
          {},
        ),
      fastPath: true,
    });
  } catch (error) {
    // A profile the SDK could not use failed before any request left: the full command tells a missing profile
    // ("profile NAME not found in FILE") from a broken one, reading the AWS files this path does not load.
    if ((!sent || isProfileError(error)) && !isRefusedLocalFile(error)) return undefined;
    ctx.stderr.write(renderError(error));
    return errorToExitCode(error);
  }
}

// --- internal ---

/** The loader, with every STS call announced to `onRequest` before it is made. */
function noticingRequests(
  load: StsAdapterLoader | undefined,
  onRequest: () => void,
): StsAdapterLoader | undefined {
  if (load === undefined) return undefined;
  return async () => {
    const { createStsAdapter } = await load();
    return {
      createStsAdapter: (config) => {
        const sts = createStsAdapter(config);
        return {
          assumeRole(request, diagnostics) {
            onRequest();
            return sts.assumeRole(request, diagnostics);
          },
          getCallerIdentity() {
            onRequest();
            return sts.getCallerIdentity();
          },
        };
      },
    };
  };
}

function isProfileError(error: unknown): boolean {
  return error instanceof CrossroleError && error.code === "PROFILE_NO_CREDENTIALS";
}

/**
 * A file the read primitive refused (LocalFileError; by code, since the STS script has its own copy of the
 * class) or a spec over the size limit (the only SpecError the fast path can meet: it never parses).
 */
function isRefusedLocalFile(error: unknown): error is CrossroleError {
  return (
    error instanceof CrossroleError && (error.code.startsWith("LOCAL_FILE_") || error instanceof SpecError)
  );
}
