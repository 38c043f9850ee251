import type { AccessPlan } from "../core/plan/access-plan.js";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import { type ResolvedTarget, resolvedTargetsOf } from "../core/plan/resolved-target.js";
import { readSpecFile } from "../outputs/spec-file/read-spec-file.js";
import { loadSpec } from "./load-spec.js";
import type { KnownTargets } from "./resolve-known-target.js";

/**
 * Parses and validates the spec (YAML + schema: the module the assume fast path never loads) when its targets
 * were not known without it, and records every target in the spec-resolution cache when `record` is true and the
 * file did not change while it was parsed.
 * @throws what {@link loadSpec} throws.
 */
export async function parseSpecTargets(
  file: string,
  known: KnownTargets,
  record: boolean,
): Promise<{ plan: AccessPlan; targets: ResolvedTarget[] }> {
  const { spec } = await loadSpec(file);
  const plan = buildAccessPlan(spec, file);
  const targets = resolvedTargetsOf(plan);
  if (record && readSpecFile(file).equals(known.bytes)) await known.cache.write(known.digest, targets);
  return { plan, targets };
}
