import { z } from "zod";
import type { SpecPath } from "./spec-path.js";
import { specSchema } from "./spec-schema.js";

/**
 * Questions about the spec schema at a path, for error messages: which keys a mapping accepts (for "did you
 * mean"), and what a missing field is. Answers come from specSchema itself, so they never drift from it.
 */

/** The keys the mapping at `path` accepts, in schema order; empty when `path` is not a fixed-key mapping. */
export function acceptedKeysAt(path: SpecPath): string[] {
  const node = schemaAt(path);
  let object = node === undefined ? undefined : unwrap(node);
  // A union of a scalar and a mapping (a lint.ignore entry: an id or { rule, reason }): the mapping's keys.
  if (object instanceof z.ZodUnion) object = object.options.map(unwrap).find((o) => o instanceof z.ZodObject);
  return object instanceof z.ZodObject ? Object.keys(object.shape) : [];
}

/** The schema's `.describe()` text for the field at `path`, if any. */
export function descriptionAt(path: SpecPath): string | undefined {
  const node = schemaAt(path);
  if (node === undefined) return undefined;
  return z.globalRegistry.get(node)?.description ?? z.globalRegistry.get(unwrap(node))?.description;
}

// --- internal ---

function schemaAt(path: SpecPath): z.core.$ZodType | undefined {
  let node: z.core.$ZodType | undefined = specSchema;
  for (const segment of path) {
    if (node === undefined) return undefined;
    node = childOf(unwrap(node), segment);
  }
  return node;
}

function childOf(node: z.core.$ZodType, segment: string | number): z.core.$ZodType | undefined {
  if (node instanceof z.ZodObject) {
    return typeof segment === "string" && Object.hasOwn(node.shape, segment)
      ? node.shape[segment]
      : undefined;
  }
  if (node instanceof z.ZodRecord) return node.valueType;
  if (node instanceof z.ZodArray) return node.element;
  if (node instanceof z.ZodUnion) {
    for (const option of node.options) {
      const child = childOf(unwrap(option), segment);
      if (child !== undefined) return child;
    }
  }
  return undefined;
}

function unwrap(node: z.core.$ZodType): z.core.$ZodType {
  let current = node;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable ||
    current instanceof z.ZodDefault
  ) {
    current = current.unwrap();
  }
  return current;
}
