import { UsageError } from "../core/errors.js";
import type { ResolvedTarget } from "../core/plan/resolved-target.js";
import { suggestKey } from "../core/suggest-key.js";
import { recordKnownTargets, resolveKnownTargets } from "./resolve-known-target.js";

/** What ECR login and the docker credential helper need from one spec target (a spec-resolution record). */
export type EcrTargetRef = ResolvedTarget;

/** Options of {@link resolveEcrTargets}. */
export interface ResolveEcrTargetsOptions {
  /** The access spec (absolute path). */
  file: string;
  /** The credential cache directory (the spec-resolution cache lives there). */
  cacheDir: string;
  /** false: write nothing (the spec-resolution cache, which holds no credentials, is still read). */
  cache: boolean;
  /** crossrole's version, part of the cache key. */
  version: string;
}

/**
 * Every target of the spec with its account, region, role and ExternalId: from the spec-resolution cache when the
 * same content was resolved before (assume, exec, ecr login and the credential helper share it), else from the
 * light reader of common specs, else by loading and validating the spec (lazily imported), which records the
 * answer.
 * @throws UsageError when the spec is missing; SpecError when it is invalid.
 */
export async function resolveEcrTargets(options: ResolveEcrTargetsOptions): Promise<EcrTargetRef[]> {
  const known = await resolveKnownTargets(options.file, options);
  if (known.targets !== undefined) {
    if (options.cache) await recordKnownTargets(known);
    return known.targets;
  }
  const { parseSpecTargets } = await import("./parse-spec-targets.js");
  return (await parseSpecTargets(options.file, known, options.cache)).targets;
}

/**
 * The named targets, in the order given (all targets when `names` is empty).
 * @throws UsageError for an unknown name, with a "did you mean".
 */
export function pickEcrTargets(
  targets: readonly EcrTargetRef[],
  names: readonly string[],
  file: string,
): EcrTargetRef[] {
  if (names.length === 0) return [...targets];
  const known = targets.map((t) => t.name);
  return names.map((name) => {
    const found = targets.find((t) => t.name === name);
    if (found !== undefined) return found;
    const near = suggestKey(name, known);
    throw new UsageError(
      `no target named "${name}" in ${file}.${near === undefined ? "" : ` Did you mean "${near}"?`}`,
      { hint: `Targets in the spec: ${known.join(", ")}.` },
    );
  });
}
