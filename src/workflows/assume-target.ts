import { type AssumeTargetOptions, type AssumeTargetResult, assumeTargetWith } from "./assume-target-with.js";

export {
  type AssumeTargetOptions,
  type AssumeTargetResult,
  type AssumeTargetSource,
  DEFAULT_DURATION_SECONDS,
  DEFAULT_MIN_TTL_SECONDS,
  ROLE_CHAINING_MAX_SECONDS,
  type StsAdapterLoader,
} from "./assume-target-with.js";

/**
 * Assumes a target's role, through the credential cache ({@link assumeTargetWith}), parsing the spec when its
 * target is known neither from the spec-resolution cache nor to the light reader (the parse records every
 * target in that cache), and loading the STS adapter with `import()` unless `options.loadSts` is given.
 */
export async function assumeTarget(options: AssumeTargetOptions): Promise<AssumeTargetResult> {
  return (await assumeTargetWith(options, {
    parseSpecTarget: async (source, known) => {
      const [{ parseSpecTargets }, { selectOneTarget }] = await Promise.all([
        import("./parse-spec-targets.js"),
        import("../core/plan/select-targets.js"),
      ]);
      const { plan, targets } = await parseSpecTargets(source.file, known, options.cache !== false);
      const chosen = selectOneTarget(plan, source.target);
      const target = targets.find((t) => t.name === chosen.name);
      if (target === undefined) throw new Error(`target ${chosen.name} missing from its own plan`);
      return target;
    },
    loadSts: () => import("../aws/sts-adapter.js"),
  })) as AssumeTargetResult;
}
