import { assumeTargetFromCache } from "../workflows/assume-target.js";
import { processContext } from "./process-context.js";
import { runAssumeWith } from "./run-assume-with.js";

/**
 * `crossrole assume` answered from the caches alone, the common case in a build that calls it at every step. The
 * executable (bin.ts) runs this CommonJS bundle before loading the ES-module CLI. Undefined when the caches miss
 * or anything at all goes wrong, having printed nothing: the full command then runs and reports it properly.
 */
export async function assumeFastPath(argv: string[]): Promise<number | undefined> {
  try {
    return await runAssumeWith(argv, processContext(), { assume: assumeTargetFromCache, cacheOnly: true });
  } catch {
    return undefined;
  }
}
