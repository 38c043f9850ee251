/**
 * Strict JSON syntax check with the offset of the first error. The YAML parser reads JSON files for us (it keeps
 * positions), but it also accepts what JSON does not (comments, trailing commas, single quotes, bare words), and
 * `JSON.parse` gives no reliable position. So `.json` specs pass this check first.
 */

/** The first syntax error: its character offset and what was expected. */
export interface JsonSyntaxError {
  offset: number;
  message: string;
}

/** The first JSON syntax error in `text`, or undefined when `text` is one valid JSON value. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const scanner: Scanner = { text, pos: 0 };
  try {
    skipSpace(scanner);
    readValue(scanner, 0);
    skipSpace(scanner);
    if (scanner.pos < text.length) fail(scanner, "expected the end of the file after the top-level value");
    return undefined;
  } catch (error) {
    if (error instanceof StopScan) return { offset: error.offset, message: error.message };
    throw error;
  }
}

// --- internal ---

/** Deeper nesting is no spec, and the recursion must stay far from the stack limit. */
const MAX_DEPTH = 64;

interface Scanner {
  text: string;
  pos: number;
}

class StopScan extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

function fail(s: Scanner, expected: string): never {
  const found = s.text[s.pos];
  const what = found === undefined ? "the end of the file" : JSON.stringify(found);
  const note = found === "/" || found === "#" ? " (JSON has no comments)" : "";
  throw new StopScan(`${expected}, found ${what}${note}`, s.pos);
}

function skipSpace(s: Scanner): void {
  while (s.pos < s.text.length && " \t\n\r".includes(s.text[s.pos] ?? "")) s.pos++;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const LITERAL = /true|false|null/y;
const ANY_VALUE = "a value (a string in double quotes, number, object, list, true, false or null)";

function readValue(s: Scanner, depth: number): void {
  if (depth > MAX_DEPTH) fail(s, `nesting deeper than ${MAX_DEPTH} levels is not accepted`);
  const c = s.text[s.pos];
  if (c === "{") readContainer(s, depth, "}", readMember);
  else if (c === "[") readContainer(s, depth, "]", readValue);
  else if (c === '"') readString(s);
  else if (c !== undefined && /[-0-9]/.test(c)) readPattern(s, NUMBER, "a number");
  else readPattern(s, LITERAL, ANY_VALUE);
}

function readContainer(
  s: Scanner,
  depth: number,
  close: string,
  item: (s: Scanner, depth: number) => void,
): void {
  s.pos++;
  skipSpace(s);
  if (s.text[s.pos] === close) {
    s.pos++;
    return;
  }
  for (;;) {
    item(s, depth + 1);
    skipSpace(s);
    if (s.text[s.pos] === close) break;
    if (s.text[s.pos] !== ",") fail(s, `expected "," or "${close}"`);
    s.pos++;
    skipSpace(s);
    if (s.text[s.pos] === close) fail(s, `expected another item after "," (JSON allows no trailing comma)`);
  }
  s.pos++;
}

function readMember(s: Scanner, depth: number): void {
  if (s.text[s.pos] !== '"') fail(s, "expected a property name in double quotes");
  readString(s);
  skipSpace(s);
  if (s.text[s.pos] !== ":") fail(s, 'expected ":" after the property name');
  s.pos++;
  skipSpace(s);
  readValue(s, depth);
}

function readString(s: Scanner): void {
  s.pos++;
  for (;;) {
    const c = s.text[s.pos];
    if (c === undefined || c === "\n") fail(s, "unterminated string: expected a closing double quote");
    if (c === '"') break;
    if (c.charCodeAt(0) < 0x20) fail(s, "control character in string (escape it, e.g. \\t)");
    if (c === "\\") readEscape(s);
    else s.pos++;
  }
  s.pos++;
}

function readEscape(s: Scanner): void {
  const next = s.text[s.pos + 1];
  if (next === "u" && /^[0-9a-fA-F]{4}$/.test(s.text.slice(s.pos + 2, s.pos + 6))) s.pos += 6;
  else if (next !== undefined && '"\\/bfnrt'.includes(next)) s.pos += 2;
  else fail(s, "invalid escape in string");
}

function readPattern(s: Scanner, pattern: RegExp, expected: string): void {
  pattern.lastIndex = s.pos;
  if (pattern.exec(s.text) === null) fail(s, `expected ${expected}`);
  const end = pattern.lastIndex;
  if (/[\w.]/.test(s.text[end] ?? "")) {
    s.pos = end;
    fail(s, `expected ",", "]" or "}" after ${expected === ANY_VALUE ? "the value" : expected}`);
  }
  s.pos = end;
}
