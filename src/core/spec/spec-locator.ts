import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  visit,
} from "yaml";
import type { SourceLocation } from "../errors.js";
import type { SpecPath } from "./spec-path.js";

/** Maps field paths of a parsed spec back to where they are written. */
export interface SpecLocator {
  /**
   * Line and column of the key (`at: "key"`) or value at `path`. A path that is not in the file (a missing
   * field) is placed at the nearest key that is: the mapping the field belongs in.
   */
  locate(path: SpecPath, at: "key" | "value"): Omit<SourceLocation, "file">;
  /** The source text of the scalar at `path`, exactly as written (`012345678901`, `"111"`). */
  sourceOf(path: SpecPath): string | undefined;
  /** The path of the mapping key written at `offset` (e.g. a duplicate key the parser reported), if any. */
  pathOfKeyAt(offset: number): SpecPath | undefined;
  /** Line and column of a character offset into the source. */
  position(offset: number): Omit<SourceLocation, "file">;
}

/** A locator over a YAML (or JSON) document parsed with `lineCounter`, whose nodes keep their source ranges. */
export function createSpecLocator(doc: Document, text: string, lineCounter: LineCounter): SpecLocator {
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return {
    position,
    pathOfKeyAt: (offset) => pathOfKeyAt(doc, offset),
    locate(path, at) {
      const steps = walk(doc, path);
      const last = steps.at(-1);
      const found = steps.length === path.length;
      const node =
        found && at === "value" && !isEmptyScalar(last?.value) ? last?.value : (last?.key ?? last?.value);
      const offset = node?.range?.[0] ?? (doc.contents as Node | null)?.range?.[0];
      return offset === undefined ? {} : position(offset);
    },
    sourceOf(path) {
      const steps = walk(doc, path);
      const range = steps.length === path.length ? steps.at(-1)?.value?.range : undefined;
      return range === undefined || range === null ? undefined : text.slice(range[0], range[1]);
    },
  };
}

// --- internal ---

interface Step {
  /** The key node of a mapping entry; undefined for list items. */
  key: Node | undefined;
  value: Node | undefined;
}

/** Follows `path` from the root as far as it exists in the document. */
function walk(doc: Document, path: SpecPath): Step[] {
  const steps: Step[] = [];
  let current: unknown = doc.contents;
  for (const segment of path) {
    const step = stepInto(isAlias(current) ? current.resolve(doc) : current, segment);
    if (step === undefined) break;
    steps.push(step);
    current = step.value;
  }
  return steps;
}

function stepInto(node: unknown, segment: string | number): Step | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
    return pair === undefined
      ? undefined
      : { key: pair.key as Node, value: (pair.value ?? undefined) as Node | undefined };
  }
  if (isSeq(node) && typeof segment === "number") {
    const item = node.items[segment];
    return item === undefined ? undefined : { key: undefined, value: item as Node };
  }
  return undefined;
}

function pathOfKeyAt(doc: Document, offset: number): SpecPath | undefined {
  let found: SpecPath | undefined;
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      const path: (string | number)[] = [];
      ancestors.forEach((node, i) => {
        const child = ancestors[i + 1] ?? pair;
        if (isPair(node) && isScalar(node.key)) path.push(String(node.key.value));
        if (isSeq(node)) path.push(node.items.indexOf(child as never));
      });
      found = [...path, String(pair.key.value)];
      return visit.BREAK;
    },
  });
  return found;
}

/** `account:` with nothing after it: point at the key, the value has no text of its own. */
function isEmptyScalar(node: Node | undefined): boolean {
  return (
    isScalar(node) &&
    node.value === null &&
    node.range !== undefined &&
    node.range !== null &&
    node.range[0] === node.range[1]
  );
}
