import { UsageError } from "../core/errors.js";
import { suggestKey } from "../core/suggest-key.js";
import { EcrTargetIndex, type EcrTargetRef } from "../local/cache/ecr-target-index.js";
import { sha256Hex } from "../local/cache/sha256-hex.js";
import { readSpecFile } from "../outputs/spec-file/read-spec-file.js";

/** Options of {@link resolveEcrTargets}. */
export interface ResolveEcrTargetsOptions {
  /** The access spec (absolute path). */
  file: string;
  /** The credential cache directory (the index lives there). */
  cacheDir: string;
  /** false: neither read nor write the index. */
  cache: boolean;
  /** crossrole's version, part of the index key. */
  version: string;
}

/**
 * Every target of the spec with its account, region, role and ExternalId. Reads the spec's bytes and, when the
 * same content was resolved before, answers from the index without parsing YAML; otherwise loads and validates the
 * spec (lazily imported) and records the answer.
 * @throws UsageError when the spec is missing; SpecError when it is invalid.
 */
export async function resolveEcrTargets(options: ResolveEcrTargetsOptions): Promise<EcrTargetRef[]> {
  const bytes = readSpecFile(options.file);
  const digest = sha256Hex(bytes);
  const index = new EcrTargetIndex(options.cacheDir, options.version);
  if (options.cache) {
    const hit = await index.read(digest);
    if (hit !== undefined) return hit;
  }
  const [{ loadSpec }, { buildAccessPlan }] = await Promise.all([
    import("./load-spec.js"),
    import("../core/plan/build-access-plan.js"),
  ]);
  const { spec, file } = await loadSpec(options.file);
  const plan = buildAccessPlan(spec, file);
  const targets = plan.targets.map((t) => {
    const ref: EcrTargetRef = { name: t.name, account: t.account, region: t.region, roleArn: t.roleArn };
    const externalId = t.externalIds[0];
    if (externalId !== undefined) ref.externalId = externalId;
    return ref;
  });
  if (options.cache) await index.write(digest, targets);
  return targets;
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
