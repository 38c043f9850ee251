import type { AccessSpec } from "../spec/spec-schema.js";
import { generateExternalId } from "./generate-external-id.js";
import { toList } from "./policy-document.js";

/** New ExternalIds to write into the spec: target name → account → ID. */
export type FleetExternalIdAdditions = Record<string, Record<string, string>>;

/**
 * One freshly generated ExternalId for every account of a multi-account target (`accounts:`) that has none in
 * `externalIds` yet, for the `targets` named (all when empty). Each is generated with the cryptographic RNG given
 * and checked against every ID the spec already uses (and every other new one), so none is ever reused. Pure.
 *
 * @param randomBytes e.g. `node:crypto` `randomBytes`.
 * @returns only the targets that need IDs; empty when nothing is missing.
 */
export function generateFleetExternalIds(
  spec: AccessSpec,
  randomBytes: (n: number) => Uint8Array,
  targets: readonly string[] = [],
): FleetExternalIdAdditions {
  const used = new Set(usedExternalIds(spec));
  const additions: FleetExternalIdAdditions = {};
  for (const [name, target] of Object.entries(spec.targets)) {
    if (target.accounts === undefined || (targets.length > 0 && !targets.includes(name))) continue;
    for (const account of target.accounts) {
      if (target.externalIds?.[account] !== undefined) continue;
      additions[name] = { ...additions[name], [account]: unusedExternalId(used, randomBytes) };
    }
  }
  return additions;
}

/**
 * One freshly generated ExternalId prefix (see ou-external-id.ts) for every `organizationalUnits` target named
 * (all when empty) that has none, distinct from every ID and prefix the spec uses. Pure.
 * @returns target name → prefix; empty when nothing is missing.
 */
export function generateOuExternalIdPrefixes(
  spec: AccessSpec,
  randomBytes: (n: number) => Uint8Array,
  targets: readonly string[] = [],
): Record<string, string> {
  const used = new Set(usedExternalIds(spec));
  const prefixes: Record<string, string> = {};
  for (const [name, target] of Object.entries(spec.targets)) {
    if (target.organizationalUnits === undefined || target.externalIdPrefix !== undefined) continue;
    if (targets.length > 0 && !targets.includes(name)) continue;
    prefixes[name] = unusedExternalId(used, randomBytes);
  }
  return prefixes;
}

/** How many IDs `additions` holds. */
export function countFleetExternalIds(additions: FleetExternalIdAdditions): number {
  return Object.values(additions).reduce((n, ids) => n + Object.keys(ids).length, 0);
}

// --- internal ---

function usedExternalIds(spec: AccessSpec): string[] {
  return Object.values(spec.targets).flatMap((t) => [
    ...toList(t.externalId),
    ...Object.values(t.externalIds ?? {}).flatMap((v) => toList(v)),
    ...toList(t.externalIdPrefix),
  ]);
}

/** A freshly generated ID not in `used`, added to it. */
function unusedExternalId(used: Set<string>, randomBytes: (n: number) => Uint8Array): string {
  let id = generateExternalId(randomBytes);
  while (used.has(id)) id = generateExternalId(randomBytes);
  used.add(id);
  return id;
}
