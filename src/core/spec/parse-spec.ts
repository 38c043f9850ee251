import {
  type Alias,
  type Document,
  isAlias,
  LineCounter,
  type Node,
  parseDocument,
  visit,
  type YAMLError,
} from "yaml";
import { SpecError, type SpecIssue } from "../errors.js";
import { checkSpecConsistency } from "./check-spec-consistency.js";
import { describeSpecIssues } from "./describe-spec-issue.js";
import { findJsonSyntaxError } from "./find-json-syntax-error.js";
import { MAX_SPEC_BYTES } from "./max-spec-bytes.js";
import { EMPTY_SPEC_MESSAGE as EMPTY, lineAndColumn, parseSpecQuickly } from "./parse-spec-quickly.js";
import { specErrorMap } from "./spec-error-map.js";
import { createSpecLocator, type SpecLocator } from "./spec-locator.js";
import { formatSpecPath, type PathIssue, type SpecPath } from "./spec-path.js";
import { type AccessSpec, specSchema } from "./spec-schema.js";
import { validatePlainSpecWithSchema } from "./validate-plain-spec-with-schema.js";

export { MAX_SPEC_BYTES };

/** How many times yaml lets one anchor's content be repeated through aliases (an alias bomb is refused). */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses and validates an access spec: YAML, or JSON when `file` ends in `.json`. Pure: the caller reads the file.
 * @param file the name shown in messages (and which decides the format).
 * @throws SpecError listing every problem found, each with its line:column, field path, the offending value and
 *   what is accepted.
 * @example parseSpec(await readFile("crossrole.yaml", "utf8"), "crossrole.yaml")
 */
export function parseSpec(text: string, file: string): AccessSpec {
  const quick = parseSpecQuickly(text, file);
  return (
    quick.spec ??
    (quick.plain === undefined ? undefined : validatePlainSpecWithSchema(quick.plain)) ??
    parseSpecFully(quick.source, quick.format, file)
  );
}

/**
 * parseSpec's last step, for a text neither parseSpecQuickly(text, file) nor the schema on its plain data accepted:
 * its `source` and `format`.
 * @throws SpecError as parseSpec.
 */
export function parseSpecFully(source: string, format: "yaml" | "json", file: string): AccessSpec {
  if (format === "json") checkJsonSyntax(source, file);
  const { doc, locator } = parseYaml(source, file);
  const data = toData(doc, locator, file);
  const result = specSchema.safeParse(data, { error: specErrorMap });
  const problems = [
    ...(result.success
      ? []
      : describeSpecIssues(result.error.issues, { data, format, sourceOf: locator.sourceOf })),
    ...checkSpecConsistency(data),
  ];
  if (!result.success || problems.length > 0) {
    const issues = problems.map((p) => located(p, locator, file));
    throw new SpecError(
      issues.length > 0
        ? sortIssues(issues)
        : [{ location: { file }, path: "", message: "is not a valid spec" }],
    );
  }
  return result.data;
}

// --- internal ---

function checkJsonSyntax(text: string, file: string): void {
  const error = findJsonSyntaxError(text);
  if (error === undefined) return;
  const location = { file, ...lineAndColumn(text, error.offset) };
  throw new SpecError([{ location, path: "", message: `JSON syntax error: ${error.message}` }]);
}

function parseYaml(text: string, file: string): { doc: Document; locator: SpecLocator } {
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (error) {
    // The parser itself gave up (e.g. pathological nesting): still the user's input, not our bug.
    const message = `could not be parsed: ${error instanceof Error ? error.message : String(error)}`;
    throw new SpecError([{ location: { file }, path: "", message }], { cause: error });
  }
  const locator = createSpecLocator(doc, text, lineCounter);
  if (doc.errors.length > 0) throw new SpecError(doc.errors.map((e) => syntaxIssue(e, text, locator, file)));
  return { doc, locator };
}

/** The document as plain data, after the checks that need the YAML tree: empty, not a mapping, bad aliases. */
function toData(doc: Document, locator: SpecLocator, file: string): unknown {
  const contents = doc.contents;
  if (contents === null) {
    throw new SpecError([{ location: { file, line: 1, column: 1 }, path: "", message: EMPTY }]);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new SpecError([aliasIssue(doc, locator, file)], { cause: error });
  }
  // A document with nothing in it (`---` and comments) is as empty as an empty file.
  const range = contents.range;
  if (data === null && range !== undefined && range !== null && range[0] === range[1]) {
    throw new SpecError([{ location: { file, line: 1, column: 1 }, path: "", message: EMPTY }]);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    const got = Array.isArray(data)
      ? "a list"
      : data === null
        ? "an empty value"
        : `a single value (${JSON.stringify(data)})`;
    const where = locator.position(contents.range?.[0] ?? 0);
    const message = `the spec must be a mapping with version, region, build and targets at the top level (got ${got})`;
    throw new SpecError([{ location: { file, ...where }, path: "", message }]);
  }
  return data;
}

/**
 * Why toJS gave up, at the alias to blame: one whose anchor is not set before it, else the alias that expands to
 * the most values (the top of an alias bomb).
 */
function aliasIssue(doc: Document, locator: SpecLocator, file: string): SpecIssue {
  const aliases: Alias[] = [];
  visit(doc, {
    Alias(_, node) {
      aliases.push(node);
    },
  });
  const unresolved = aliases.find((a) => a.resolve(doc) === undefined);
  if (unresolved !== undefined) {
    return {
      location: { file, ...locator.position(unresolved.range?.[0] ?? 0) },
      path: "",
      message: `alias \`*${unresolved.source}\` refers to no anchor: set \`&${unresolved.source}\` on a value before the alias`,
    };
  }
  const sizes = new Map<Node, number>();
  let worst: Alias | undefined;
  let worstSize = -1;
  for (const alias of aliases) {
    const size = expandedSize(alias, doc, sizes);
    if (size > worstSize) [worst, worstSize] = [alias, size];
  }
  return {
    location: { file, ...locator.position(worst?.range?.[0] ?? 0) },
    path: "",
    message: `${worst === undefined ? "the aliases" : `alias \`*${worst.source}\``} expand to too many values (an anchor may be used at most ${MAX_ALIAS_COUNT} times, counting nested aliases: an alias bomb?); write the values out instead`,
  };
}

/**
 * How many nodes `node` stands for once its aliases are expanded: memoized, so a bomb costs one visit per node;
 * a float, so 10^30 is still larger than 10^29 (Infinity only past 10^308).
 */
function expandedSize(node: unknown, doc: Document, sizes: Map<Node, number>): number {
  if (node === null || typeof node !== "object") return 1;
  const known = sizes.get(node as Node);
  if (known !== undefined) return known;
  sizes.set(node as Node, 1); // (a cycle counts once)
  let size = 1;
  if (isAlias(node)) size = expandedSize(node.resolve(doc), doc, sizes);
  else if ("items" in node && Array.isArray(node.items)) {
    for (const item of node.items) size += expandedSize(item, doc, sizes);
  } else if ("key" in node && "value" in node) {
    size = expandedSize(node.key, doc, sizes) + expandedSize(node.value, doc, sizes);
  }
  sizes.set(node as Node, size);
  return size;
}

function syntaxIssue(error: YAMLError, text: string, locator: SpecLocator, file: string): SpecIssue {
  const where = locator.position(error.pos[0]);
  const keyPath = error.code === "DUPLICATE_KEY" ? locator.pathOfKeyAt(error.pos[0]) : undefined;
  const path = keyPath === undefined ? "" : formatSpecPath(keyPath);
  return {
    location: { file, ...where },
    path,
    message: yamlMessage(error, keyPath ?? [keyAt(text, error.pos[0])]),
  };
}

function yamlMessage(error: YAMLError, keyPath: SpecPath): string {
  switch (error.code) {
    case "DUPLICATE_KEY": {
      const isTarget = keyPath.length === 2 && keyPath[0] === "targets";
      const why = isTarget ? "target names must be unique" : "each key may appear only once in a mapping";
      return `duplicate key \`${String(keyPath.at(-1)).slice(0, 60)}\`: ${why}`;
    }
    case "TAB_AS_INDENT":
      return "YAML syntax error: tabs are not allowed for indentation; indent with spaces";
    case "MULTIPLE_DOCS":
      return "YAML syntax error: the file holds more than one YAML document (a `---` separator); a spec is one document";
    default:
      return `YAML syntax error: ${error.message.charAt(0).toLowerCase()}${error.message.slice(1)}`;
  }
}

/** The mapping key written at `offset` (for duplicate keys): up to its colon, without quotes. */
function keyAt(text: string, offset: number): string {
  const key = /^(.*?):(?:\s|$)/m.exec(text.slice(offset, offset + 200))?.[1] ?? "";
  return key
    .trim()
    .replace(/^(["'])(.*)\1$/, "$2")
    .slice(0, 60);
}

function located(problem: PathIssue, locator: SpecLocator, file: string): SpecIssue {
  return {
    location: { file, ...locator.locate(problem.path, problem.at) },
    path: formatSpecPath(problem.path),
    message: problem.message,
  };
}

/** In file order, so the list reads top to bottom. Sort is stable: same-place issues keep the schema's order. */
function sortIssues(issues: SpecIssue[]): SpecIssue[] {
  const key = (i: SpecIssue) => (i.location.line ?? Number.MAX_SAFE_INTEGER) * 1e6 + (i.location.column ?? 0);
  return issues.sort((a, b) => key(a) - key(b));
}
