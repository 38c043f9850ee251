// The yaml-free reader behind parseSpec's quick path and the assume fast path, against the real parser (the `yaml`
// package as parseSpec runs it): on a table of corner cases, on generated documents (plain and mutated) and on every
// spec written in the tests, whenever readPlainYaml answers, the real parser reads the text without error and to the
// same data (key order included).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { readPlainYaml } from "../../src/core/spec/read-plain-yaml.js";

const ROOT = join(import.meta.dirname, "../..");

/** The real parser's reading, as parseSpec configures it; undefined when it reports an error. */
function realRead(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  if (doc.errors.length > 0) return undefined;
  return doc.toJS({ maxAliasCount: 100 });
}

/** readPlainYaml's answer, checked against the real parser. Returns whether it answered. */
function agrees(text: string): boolean {
  const plain = readPlainYaml(text);
  if (plain === undefined) return false;
  const real = realRead(text);
  if (real === undefined) throw new Error(`readPlainYaml read a text the real parser refuses:\n${text}`);
  expect(plain, text).toStrictEqual(real);
  expect(Object.keys(plain), text).toEqual(Object.keys(real as object)); // (order: plan output follows it)
  expect(JSON.stringify(plain), text).toBe(JSON.stringify(real));
  return true;
}

describe("readPlainYaml", () => {
  it.each([
    ["a: b", { a: "b" }],
    ["a: b c  d # c\n", { a: "b c  d" }],
    ["a: 'x: y'\nb: \"#z\"", { a: "x: y", b: "#z" }],
    ["a: 12\nb: true\nc: false\nd: 123456789", { a: 12, b: true, c: false, d: 123456789 }],
    ["a: arn:aws:iam::aws:policy/X", { a: "arn:aws:iam::aws:policy/X" }],
    ["a:\n  b: 1\n  c:\n  - x\n  - y\nd: z", { a: { b: 1, c: ["x", "y"] }, d: "z" }],
    ["a:\n- x\n-   y", { a: ["x", "y"] }],
    ["a: { push: [app1, 'b c'], pull: [base] }", { a: { push: ["app1", "b c"], pull: ["base"] } }],
    ["a: []\nb: {}\nc: [[x], {k: v}]", { a: [], b: {}, c: [["x"], { k: "v" }] }],
    ["a: [arn:aws:s3:::b/*, x.y]", { a: ["arn:aws:s3:::b/*", "x.y"] }],
    [
      "a:\n  - k: v\n    l: [1, 2]\n  -   m: n\n      o:\n      - p",
      {
        a: [
          { k: "v", l: [1, 2] },
          { m: "n", o: ["p"] },
        ],
      },
    ],
    ["a:\n- k:\n  - x\n  l: y", { a: [{ k: ["x"], l: "y" }] }],
    ["$schema: ./s.json\nyes: no\non: off", { $schema: "./s.json", yes: "no", on: "off" }],
    ["a: .x\nb: _y\nc: /z", { a: ".x", b: "_y", c: "/z" }],
  ])("reads %j as the real parser does", (text, expected) => {
    expect(readPlainYaml(text)).toStrictEqual(expected);
    expect(agrees(text)).toBe(true);
  });

  it.each([
    ["an empty text", ""],
    ["only comments", "# x\n\n# y"],
    ["a list at the top", "- a"],
    ["a scalar at the top", "a"],
    ["a null value", "a:"],
    ["a null value in a flow mapping", "a: { b: }"],
    ["~", "a: ~"],
    ["null", "a: null"],
    ["a YAML 1.1 boolean spelling", "a: True"],
    ["a hex number", "a: 0x1F"],
    ["a leading zero", "a: 012"],
    ["an exponent", "a: 1e3"],
    ["a float", "a: 1.5"],
    ["a large integer", "a: 222222222222"],
    ["a negative number", "a: -1"],
    [".inf", "a: .inf"],
    ["a duplicate key", "a: 1\na: 2"],
    ["a duplicate key in a flow mapping", "a: {b: 1, b: 2}"],
    ["an anchor", "a: &x b"],
    ["an alias", "a: *x"],
    ["a tag", "a: !!str 1"],
    ["a block scalar", "a: |\n  x"],
    ["a folded scalar", "a: >\n  x"],
    ["a continuation line", "a: b\n  c"],
    ["a continuation of an item", "a:\n- b\n  c"],
    ["a document marker", "---\na: b"],
    ["a document end", "a: b\n..."],
    ["a directive", "%YAML 1.2\n---\na: b"],
    ["a tab", "a:\tb"],
    ["a carriage return", "a: b\r\n"],
    ["non-ASCII", "a: é"],
    ["an escape", 'a: "b\\tc"'],
    ["an escaped single quote", "a: 'it''s'"],
    ["a multi-line flow list", "a: [b,\n  c]"],
    ["a trailing comma", "a: [b, c, ]"],
    ["an implicit pair in a flow list", "a: [b: c]"],
    ["a flow key without a space", "a: {b:c}"],
    ["a quoted key", '"a": b'],
    ["a key with a space before the colon", "a : b"],
    ["a value with a colon and space", "a: b: c"],
    ["a value ending in a colon", "a: b:"],
    ["a space before a colon", "a: b :c"],
    ["a comment without a space", "a: b#c"],
    ["a comment inside a flow list", "a: [b #c]"],
    ["a misaligned key", "a:\n  b: 1\n c: 2"],
    ["a misaligned item key", "a:\n- b: 1\n   c: 2"],
    ["an empty item", "a:\n-\n  b"],
    ["a nested item on the same line", "a:\n- - b"],
    ["a reserved word as a key", "true: x"],
    ["a key starting with a digit", "1a: x"],
    ["a key with a colon", "a:b: x"],
    ["indented first line", "  a: b"],
    ["a sequence where a key continues the mapping", "a:\n  - x\n  b: y"],
    ["deep nesting", `a: ${"[".repeat(100)}${"]".repeat(100)}`],
  ])("leaves %s to the real parser", (_, text) => {
    expect(readPlainYaml(text)).toBeUndefined();
  });

  it("agrees with the real parser on 4,000 generated documents, plain and mutated", () => {
    const next = mulberry32(16_20);
    const pick = <T>(xs: readonly T[]): T => xs[next() % xs.length] as T;
    let plainAnswered = 0;
    let plainTotal = 0;
    let mutatedAnswered = 0;
    for (let n = 0; n < 4000; n++) {
      const text = generateDocument(next, pick);
      const mutated = n % 2 === 0 ? mutate(mutate(text, next, pick), next, pick) : text;
      const answered = agrees(mutated);
      if (mutated === text) {
        plainTotal++;
        if (answered) plainAnswered++;
      } else if (answered) mutatedAnswered++;
    }
    // Not vacuous: it reads the documents it is made for, and some mutated ones too (which were then checked).
    expect(plainAnswered).toBe(plainTotal);
    expect(mutatedAnswered).toBeGreaterThan(150);
  }, 120_000);

  it("agrees with the real parser on every YAML text written in the tests", () => {
    const texts = yamlWrittenInTests();
    expect(texts.length).toBeGreaterThan(20);
    const answered = texts.filter((t) => agrees(t)).length;
    expect(answered).toBeGreaterThan(10);
  });
});

// --- generated documents ---

/**
 * A seeded 32-bit generator (mulberry32). Not test/support's seededRandom: its products exceed 2^53, so it falls
 * into a short cycle, and its low bits alternate (`% 2` would too).
 */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

type Next = () => number;
type Pick = <T>(xs: readonly T[]) => T;

const WORDS = [
  "a",
  "b/*",
  "team/app",
  "x.y",
  "arn:aws:iam::aws:policy/R",
  "b c",
  "_z",
  "/ci/R",
  "v=1,2",
  "a@b",
  "12",
  "7",
];
const KEYS = ["a", "b", "push", "pull", "Key-1", "k_2", "$schema", "yes", "on"];

function scalar(_next: Next, pick: Pick, inFlow = false): string {
  const w = pick(WORDS);
  const plain = inFlow && w.includes(",") ? `"${w}"` : w; // (a comma would end it in a flow collection)
  return pick([plain, plain, `"${w}"`, `'${w}'`, "true", "false", "3600"]);
}

function flow(next: Next, pick: Pick, depth: number): string {
  const item = () => (depth < 2 && next() % 4 === 0 ? flow(next, pick, depth + 1) : scalar(next, pick, true));
  const n = next() % 3;
  const sp = pick(["", " ", "  "]);
  if (next() % 2 === 0)
    return `[${sp}${Array.from({ length: n }, item).join(`,${pick([" ", "", "  "])}`)}${sp}]`;
  const keys = [...KEYS].sort(() => (next() % 2 === 0 ? 1 : -1)).slice(0, n);
  return `{${sp}${keys.map((k) => `${k}: ${item()}`).join(", ")}${sp}}`;
}

function value(next: Next, pick: Pick): string {
  return next() % 3 === 0 ? flow(next, pick, 0) : scalar(next, pick);
}

function block(next: Next, pick: Pick, indent: string, depth: number, lines: string[]): void {
  const keys = KEYS.filter(() => next() % 2 === 0);
  if (keys.length === 0) keys.push("a");
  const step = pick(["  ", "    ", " "]);
  for (const key of keys) {
    const comment = next() % 5 === 0 ? pick([" # c", "   #x: y", " #"]) : "";
    const kind = depth >= 3 ? 0 : next() % 4;
    if (kind <= 1) lines.push(`${indent}${key}: ${value(next, pick)}${comment}`);
    else if (kind === 2) {
      lines.push(`${indent}${key}:${comment}`);
      if (next() % 4 === 0) lines.push(pick(["", "# between", `${indent}  # indented comment`]));
      block(next, pick, indent + step, depth + 1, lines);
    } else {
      lines.push(`${indent}${key}:${comment}`);
      const itemIndent = next() % 3 === 0 ? indent : indent + step;
      const count = 1 + (next() % 3);
      for (let i = 0; i < count; i++) {
        if (depth < 2 && next() % 3 === 0) {
          const dash = pick(["- ", "-   "]);
          const inner: string[] = [];
          block(next, pick, " ".repeat(itemIndent.length + dash.length), depth + 2, inner);
          const first = inner[0] ?? "";
          inner[0] = `${itemIndent}${dash}${first.slice(itemIndent.length + dash.length)}`;
          lines.push(...inner);
        } else lines.push(`${itemIndent}${pick(["- ", "-  "])}${value(next, pick)}`);
      }
    }
  }
}

function generateDocument(next: Next, pick: Pick): string {
  const lines: string[] = [];
  if (next() % 5 === 0) lines.push("# a document");
  block(next, pick, "", 0, lines);
  return `${lines.join("\n")}${pick(["\n", "", "\n\n"])}`;
}

/** One small edit, often one that leaves the subset or makes the text invalid YAML. */
function mutate(text: string, next: Next, pick: Pick): string {
  const lines = text.split("\n");
  const i = next() % lines.length;
  const line = lines[i] as string;
  const at = next() % (line.length + 1);
  const edits: Array<() => string> = [
    () => `${line}\n${line}`,
    () => ` ${line}`,
    () => line.slice(1),
    () => `${line.slice(0, at)}${pick(SNIPPETS)}${line.slice(at)}`,
    () => `${line.slice(0, at)}${line.slice(at + 1)}`,
    () => line.replace(/: /, pick([":", " : ", ":  ", ": - "])),
    () => line.replace(/[,\]}]/, pick(["", ",,", ", ]", "]]"])),
    () => `${line}\n${pick(["  x", "- y", "z: 1", "...", "---", "? k", "#c", "  - q", "    w: 2"])}`,
  ];
  lines[i] = pick(edits)();
  return lines.join("\n");
}

const SNIPPETS = [
  " ",
  ":",
  ": ",
  " #",
  "#",
  ",",
  "[",
  "]",
  "{",
  "}",
  "'",
  '"',
  "-",
  "- ",
  "&a ",
  "*a",
  "!",
  "|",
  ">",
  "~",
  "null",
  "0x",
  "1e",
  ".inf",
  "0",
  "True",
  "?",
  "%",
  "@",
  "`",
  "\\",
  "''",
];

// --- YAML written in the tests ---

/** Template literals that look like specs in test/ and the unit tests, with each ${...} replaced by a sample. */
function yamlWrittenInTests(): string[] {
  const files = [
    ...walk(join(ROOT, "test")),
    ...walk(join(ROOT, "src")).filter((f) => f.endsWith(".test.ts")),
  ].filter((f) => f.endsWith(".ts") || f.endsWith(".yaml") || f.endsWith(".yml"));
  const out: string[] = [];
  for (const file of files) {
    const source = readFileSync(file, "utf8");
    if (!file.endsWith(".ts")) {
      out.push(source);
      continue;
    }
    for (const m of source.matchAll(/`((?:[^`\\]|\\.)*)`/g)) {
      const body = m[1] ?? "";
      if (!body.includes("targets:") || !/(^|\n)\s*version:/.test(body)) continue;
      out.push(
        body
          .replace(/\$\{[^}]*\}/g, "x")
          .replace(/\\n/g, "\n")
          .replace(/\\`/g, "`"),
      );
    }
  }
  return out;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}
