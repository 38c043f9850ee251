import { assumeTargetWithoutSpecParsing } from "../workflows/assume-target.js";
import { processContext } from "./process-context.js";
import { runAssumeWith } from "./run-assume-with.js";
import { stsAdapterLoader } from "./sts-adapter-loader.js";

/**
 * `crossrole assume` without the ES-module CLI, for the common cases: the session is cached (no AWS SDK loaded),
 * or the target is known without parsing the spec (a role ARN, or the resolved-target cache), so the AssumeRole
 * runs through the code-cached CommonJS STS script. The executable (bin.ts) runs this CommonJS bundle before
 * loading the ES-module CLI. Undefined when the spec must be parsed, or when anything at all goes wrong, having
 * printed nothing: the full command then runs and reports it properly (a failed AssumeRole is then tried once
 * more; it changes nothing).
 */
export async function assumeFastPath(argv: string[]): Promise<number | undefined> {
  try {
    return await runAssumeWith(argv, processContext(), {
      assume: (options) => assumeTargetWithoutSpecParsing({ ...options, loadSts: stsAdapterLoader(options) }),
      fastPath: true,
    });
  } catch {
    return undefined;
  }
}
