import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import { type ResolvedTarget, resolvedTargetsOf } from "../core/plan/resolved-target.js";
import { parseSpecLightly } from "../core/spec/parse-spec-lightly.js";
import { SpecResolutionCache, specDigest } from "../local/cache/spec-resolution-cache.js";
import { readSpecFile } from "../outputs/spec-file/read-spec-file.js";

/** A spec's targets as far as they are known without the spec parser, with what a parse needs next. */
export interface KnownTargets {
  /** Every target, when the spec-resolution cache or the light reader knew them. */
  targets?: ResolvedTarget[];
  /** The light reader resolved them: not recorded yet (see {@link recordKnownTargets}). */
  unrecorded?: boolean;
  /** The spec's bytes as read, and their digest (the cache key). */
  bytes: Buffer;
  digest: string;
  cache: SpecResolutionCache;
}

/** {@link resolveKnownTargets} for one target. */
export interface KnownTarget extends KnownTargets {
  /** The target, when known without the spec parser. */
  target?: ResolvedTarget;
}

/**
 * Every target of the spec at `file`, without loading the spec parser (yaml, zod): from the spec-resolution cache
 * when this exact content was resolved before, else with the light reader of common specs
 * (`parseSpecLightly`, which answers only for specs the real parser accepts, identically). Undefined targets: the
 * caller parses the spec. The cache is read even with --no-cache: it holds no credentials, only how this exact spec
 * text resolves, so reusing it cannot make anything stale.
 * @throws what {@link readSpecFile} throws (missing, not a regular file, too large, unreadable).
 */
export async function resolveKnownTargets(
  file: string,
  where: { cacheDir: string; version: string },
): Promise<KnownTargets> {
  const bytes = readSpecFile(file);
  const digest = specDigest(bytes);
  const cache = new SpecResolutionCache(where.cacheDir, where.version);
  const cached = await cache.read(digest);
  if (cached !== undefined) return { targets: cached, bytes, digest, cache };
  const spec = parseSpecLightly(bytes.toString("latin1"), file);
  if (spec === undefined) return { bytes, digest, cache };
  return { targets: resolvedTargetsOf(buildAccessPlan(spec, file)), unrecorded: true, bytes, digest, cache };
}

/** Records what the light reader resolved in the spec-resolution cache (best effort), once. */
export async function recordKnownTargets(known: KnownTargets): Promise<void> {
  if (known.unrecorded !== true || known.targets === undefined) return;
  known.unrecorded = false;
  await known.cache.write(known.digest, known.targets);
}

/** {@link resolveKnownTargets}, then the one target named `name` (undefined when not known that way). */
export async function resolveKnownTarget(
  file: string,
  name: string,
  where: { cacheDir: string; version: string },
): Promise<KnownTarget> {
  const known: KnownTarget = await resolveKnownTargets(file, where);
  const target = known.targets?.find((t) => t.name === name);
  if (target !== undefined) known.target = target;
  return known;
}
