/**
 * A value as YAML's core schema reads it, within the subset `readPlainYaml` reads: a string, a whole number,
 * true/false, or a list or mapping of them.
 */
export type PlainYamlValue = string | number | boolean | PlainYamlValue[] | PlainYamlMapping;
export type PlainYamlMapping = { [key: string]: PlainYamlValue };

/**
 * A YAML document read without the `yaml` package: the same data `parseDocument(text).toJS()` gives (core schema,
 * YAML 1.2), or undefined when the text is not in the small subset read here, and then the caller runs the real
 * parser, which reads or reports it. It never throws and never reads a text otherwise than the real parser, which
 * accepts it without error (differential-tested against it: `read-plain-yaml.test.ts`). It keeps no source
 * positions: a caller that finds the data invalid runs the real parser to say where.
 *
 * Why: on a large spec (hundreds of targets) the `yaml` package's lexer, parser and composer were more than half of
 * `plan`'s time; this reader is one pass over the lines.
 *
 * The subset: ASCII text without tabs or carriage returns; a mapping at the top; `key: value` lines at consistent
 * indentation, comment and blank lines; `- value` items under a key, and `- key: value` items opening a mapping;
 * keys of letters, digits, `_` and `-` (and `$schema`); values plain (words of letters, digits and `_./=+,@:*-`,
 * starting with a letter, digit, `_`, `.` or `/`), quoted on one line without escapes, or one-line flow lists and
 * mappings of those (`{ push: [app], pull: [base] }`). A plain value the core schema could read as anything but a
 * string, a whole number or true/false (null, `0x1F`, `1e3`, `.inf`, `True`...), an empty value (null), anchors,
 * aliases, tags, block scalars, multi-line values and document markers are left to the real parser.
 */
export function readPlainYaml(text: string): PlainYamlMapping | undefined {
  if (!/^[\x20-\x7e\n]*$/.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split("\n")) {
    if (BLANK_OR_COMMENT.test(raw)) continue;
    if (!readLine(raw, lines)) return undefined;
  }
  if (lines.length === 0 || lines[0]?.indent !== 0) return undefined;
  const at = { i: 0, depth: 0 };
  const root = readMapping(lines, at, 0);
  return root !== undefined && at.i === lines.length ? root : undefined;
}

// --- internal ---

/** Nesting beyond this (blocks or flow collections) is left to the real parser, so recursion stays shallow. */
const MAX_DEPTH = 64;

/** A `- key: value` item: the mapping starts on the same line, its keys at the column of the first. */
const ITEM_MAPPING = Symbol("item mapping");

interface Line {
  indent: number;
  /** `key: ...` or `- ...`. */
  kind: "key" | "item";
  key: string;
  /** undefined: nothing after the colon or dash (a nested block follows, or null). */
  value: PlainYamlValue | typeof ITEM_MAPPING | undefined;
}

const BLANK_OR_COMMENT = /^ *(?:#.*)?$/;
const KEY = /^(?:[A-Za-z][A-Za-z0-9_-]{0,127}|\$schema)$/;
/** Words the core schema reads as null or booleans; any other key of KEY is a string. */
const RESERVED_KEY = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
const COMMENT = /^(?: +#.*)? *$/;
const LINE = /^( *)(?:(- +)|)(.*)$/;
const KEY_LINE = /^([^:\s]+):(?: +(.*))?$/;
/** Plain words (a plain scalar ends at " #"; ": " inside would start a mapping). In a flow collection, no commas. */
const BLOCK_PLAIN = /[A-Za-z0-9_./][\w./=+,@:*-]*(?: +[\w./=+,@:*-]+)*/y;
const FLOW_PLAIN = /[A-Za-z0-9_./][\w./=+@:*-]*(?: +[\w./=+@:*-]+)*/y;
const DOUBLE_QUOTED = /"([^"\\]*)"/y;
const SINGLE_QUOTED = /'([^']*)'/y;
const FLOW_KEY = /([A-Za-z][A-Za-z0-9_-]{0,127}|\$schema): +/y;
const SPACES = / */y;

/** Appends the line's entries to `lines`; false when the line is not in the subset. */
function readLine(raw: string, lines: Line[]): boolean {
  const m = LINE.exec(raw);
  if (m === null) return false;
  const indent = (m[1] ?? "").length;
  const dash = m[2];
  const rest = m[3] ?? "";
  if (dash !== undefined) {
    const k = /^["'[{]/.test(rest) ? null : KEY_LINE.exec(rest);
    if (k === null) {
      const value = readInlineValue(rest, BLOCK_PLAIN);
      if (value === undefined) return false;
      lines.push({ indent, kind: "item", key: "", value });
      return true;
    }
    lines.push({ indent, kind: "item", key: "", value: ITEM_MAPPING });
    return pushKey(indent + dash.length, k, lines);
  }
  const k = KEY_LINE.exec(rest);
  return k !== null && pushKey(indent, k, lines);
}

function pushKey(indent: number, k: RegExpExecArray, lines: Line[]): boolean {
  const key = k[1] ?? "";
  if (!KEY.test(key) || RESERVED_KEY.test(key)) return false;
  const after = k[2] ?? "";
  if (COMMENT.test(after === "" ? "" : ` ${after}`)) {
    lines.push({ indent, kind: "key", key, value: undefined });
    return true;
  }
  const value = readInlineValue(after, BLOCK_PLAIN);
  if (value === undefined) return false;
  lines.push({ indent, kind: "key", key, value });
  return true;
}

/** A one-line value (scalar or flow collection), optionally followed by a comment; undefined when not in the subset. */
function readInlineValue(text: string, plain: RegExp): PlainYamlValue | undefined {
  const at = { i: 0, depth: 0 };
  const value = readValue(text, at, plain);
  return value !== undefined && COMMENT.test(text.slice(at.i)) ? value : undefined;
}

function readValue(
  text: string,
  at: { i: number; depth: number },
  plain: RegExp,
): PlainYamlValue | undefined {
  const c = text[at.i];
  if (c === "[" || c === "{") {
    if (at.depth >= MAX_DEPTH) return undefined;
    at.depth++;
    const value = c === "[" ? readFlowList(text, at) : readFlowMapping(text, at);
    at.depth--;
    return value;
  }
  if (c === '"' || c === "'") {
    const quoted = c === '"' ? DOUBLE_QUOTED : SINGLE_QUOTED;
    quoted.lastIndex = at.i;
    const m = quoted.exec(text);
    if (m === null) return undefined;
    at.i = quoted.lastIndex;
    // `'it''s'` (an escaped quote) and `"a"b` continue the scalar: not in the subset.
    const next = text[at.i];
    return next === undefined || next === " " || (plain === FLOW_PLAIN && isFlowEnd(next)) ? m[1] : undefined;
  }
  plain.lastIndex = at.i;
  const m = plain.exec(text);
  if (m === null) return undefined;
  at.i = plain.lastIndex;
  return typePlain(m[0]);
}

/** A plain scalar as the core schema types it, or undefined when it may be anything but a string, integer or boolean. */
function typePlain(value: string): PlainYamlValue | undefined {
  // `a: b` would be a pair, `a:` a key; ` :b` is a corner where readers differ.
  if (value.endsWith(":") || value.includes(": ") || value.includes(" :")) return undefined;
  if (value.includes(" ")) return value; // no number, null or boolean has a space
  if (value === "true") return true;
  if (value === "false") return false;
  if (/^[1-9][0-9]{0,8}$/.test(value)) return Number(value);
  // Numbers, null, other spellings of booleans, .inf/.nan: the real parser decides.
  if (/^(?:[0-9]|\.(?:[0-9]|inf|Inf|INF|nan|NaN|NAN))/.test(value)) return undefined;
  if (/^(?:null|Null|NULL|True|TRUE|False|FALSE)$/.test(value)) return undefined;
  return value;
}

function isFlowEnd(c: string): boolean {
  return c === "," || c === "]" || c === "}";
}

/** `[a, b]` from the `[` at at.i; no trailing comma, no implicit pairs. */
function readFlowList(text: string, at: { i: number; depth: number }): PlainYamlValue[] | undefined {
  const out: PlainYamlValue[] = [];
  at.i++;
  skipSpaces(text, at);
  if (text[at.i] === "]") {
    at.i++;
    return out;
  }
  for (;;) {
    const item = readValue(text, at, FLOW_PLAIN);
    if (item === undefined) return undefined;
    out.push(item);
    skipSpaces(text, at);
    const c = text[at.i++];
    if (c === "]") return out;
    if (c !== ",") return undefined;
    skipSpaces(text, at);
  }
}

/** `{ a: x, b: [y] }` from the `{` at at.i; keys as in block mappings, every key with a value. */
function readFlowMapping(text: string, at: { i: number; depth: number }): PlainYamlMapping | undefined {
  const out: PlainYamlMapping = {};
  at.i++;
  skipSpaces(text, at);
  if (text[at.i] === "}") {
    at.i++;
    return out;
  }
  for (;;) {
    FLOW_KEY.lastIndex = at.i;
    const k = FLOW_KEY.exec(text);
    const key = k?.[1];
    if (key === undefined || RESERVED_KEY.test(key) || Object.hasOwn(out, key)) return undefined;
    at.i = FLOW_KEY.lastIndex;
    const value = readValue(text, at, FLOW_PLAIN);
    if (value === undefined) return undefined;
    out[key] = value;
    skipSpaces(text, at);
    const c = text[at.i++];
    if (c === "}") return out;
    if (c !== ",") return undefined;
    skipSpaces(text, at);
  }
}

function skipSpaces(text: string, at: { i: number }): void {
  SPACES.lastIndex = at.i;
  SPACES.exec(text);
  at.i = SPACES.lastIndex;
}

function readMapping(
  lines: Line[],
  at: { i: number; depth: number },
  indent: number,
): PlainYamlMapping | undefined {
  if (at.depth >= MAX_DEPTH) return undefined;
  at.depth++;
  const out: PlainYamlMapping = {};
  while (at.i < lines.length) {
    const line = lines[at.i] as Line;
    if (line.indent < indent) break;
    if (line.indent > indent || line.kind !== "key") return undefined;
    if (Object.hasOwn(out, line.key)) return undefined; // duplicate key: the real parser reports it
    at.i++;
    const value = readBlockValue(lines, at, line);
    if (value === undefined) return undefined; // null, or not in the subset
    out[line.key] = value;
  }
  at.depth--;
  return out;
}

function readSequence(
  lines: Line[],
  at: { i: number; depth: number },
  indent: number,
): PlainYamlValue[] | undefined {
  if (at.depth >= MAX_DEPTH) return undefined;
  at.depth++;
  const out: PlainYamlValue[] = [];
  while (at.i < lines.length) {
    const line = lines[at.i] as Line;
    if (line.indent < indent || (line.indent === indent && line.kind === "key")) break;
    if (line.indent > indent || line.kind !== "item") return undefined;
    at.i++;
    const value = readBlockValue(lines, at, line);
    if (value === undefined) return undefined;
    out.push(value);
  }
  at.depth--;
  return out;
}

/** The value of the key or item `line` (at.i is past it): on the line itself, or the block under it. */
function readBlockValue(
  lines: Line[],
  at: { i: number; depth: number },
  line: Line,
): PlainYamlValue | undefined {
  const next = lines[at.i];
  if (line.value === ITEM_MAPPING) {
    // The item's first key is the next entry (see readLine), at the mapping's own indentation.
    return next === undefined ? undefined : readMapping(lines, at, next.indent);
  }
  if (line.value !== undefined) {
    // A more indented line after a value would continue it (a multi-line plain scalar) or be an error.
    return next !== undefined && next.indent > line.indent ? undefined : line.value;
  }
  if (next === undefined) return undefined;
  if (next.kind === "key" && next.indent > line.indent) return readMapping(lines, at, next.indent);
  // A key's list may start at the key's own indentation; an item's nested list must be indented.
  if (
    next.kind === "item" &&
    (next.indent > line.indent || (line.kind === "key" && next.indent === line.indent))
  )
    return readSequence(lines, at, next.indent);
  return undefined;
}
