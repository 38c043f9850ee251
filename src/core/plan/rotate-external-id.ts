import { UsageError } from "../errors.js";

/**
 * The ExternalId rotation window (`crossrole rotate external-id`, security check 3): phase 1 adds a new value in
 * front of the current one, so the trust accepts both while builds switch over; `--finish` keeps only the new one.
 * In the spec a target's externalId is then `[new, old]`, and callers send the first.
 */

/** The spec value for a list of ExternalIds: one value as a string, two as `[new, old]`. */
export type SpecExternalId = string | [string, string];

/** Phase 1: `[newId, current]`. Refuses when the target has no ExternalId or a rotation is already open. */
export function startExternalIdRotation(
  target: string,
  current: readonly string[],
  newId: string,
): [string, string] {
  const [only, second] = current;
  if (only === undefined) {
    throw new UsageError(`target "${target}" has no externalId, so there is nothing to rotate.`, {
      hint: "Add one to the spec (crossrole init generates one) and run crossrole apply.",
    });
  }
  if (second !== undefined) {
    throw new UsageError(
      `target "${target}" is already in a rotation window (two ExternalIds in the spec).`,
      {
        hint: `Finish it first: crossrole rotate external-id ${target} --finish`,
      },
    );
  }
  if (only === newId) throw new UsageError("the new ExternalId equals the current one.");
  return [newId, only];
}

/** Phase 2: the value kept (the first, new one) and the one dropped. Refuses outside a rotation window. */
export function finishExternalIdRotation(
  target: string,
  current: readonly string[],
): { keep: string; drop: string } {
  const [keep, drop] = current;
  if (keep === undefined || drop === undefined) {
    throw new UsageError(
      `target "${target}" is not in a rotation window: the spec has ${current.length === 0 ? "no" : "one"} ExternalId.`,
      {
        hint: `Start one with: crossrole rotate external-id ${target}`,
      },
    );
  }
  return { keep, drop };
}

/** How a list of ExternalIds is written in the spec. */
export function toSpecExternalId(ids: readonly string[]): SpecExternalId {
  const [first, second] = ids;
  if (first === undefined) throw new RangeError("no ExternalId");
  return second === undefined ? first : [first, second];
}
