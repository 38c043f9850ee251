import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { OU_EXTERNAL_ID_PREFIX } from "../../src/core/spec/ou-external-id.js";
import { SGR } from "../../src/outputs/style.js";

/**
 * No regular expression in crossrole may take more than linear-ish time on any input a user can give it: a spec,
 * a flag, an environment variable, a live policy. Rather than trust a list, this test reads EVERY regular
 * expression literal in src/ with the TypeScript scanner (plus the few built with `new RegExp`, imported below)
 * and runs each against adversarial strings up to the longest value crossrole accepts (an ExternalId: 1,224
 * characters), growing the length step by step so that an exponential pattern fails the test within seconds
 * instead of hanging it. Each match must take under 50 ms.
 */

const LONGEST_ACCEPTED = 1224;
const BUDGET_MS = 50;

interface FoundRegex {
  where: string;
  regex: RegExp;
}

const root = join(import.meta.dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Files that build a RegExp at run time (`new RegExp(...)`): each is listed here and tested below. */
const constructedIn = new Set<string>();

/** Every regex literal in a TypeScript file, found by the compiler's own parser (not by a regex). */
function regexLiterals(file: string): FoundRegex[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: FoundRegex[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && node.expression.getText(source) === "RegExp") {
      constructedIn.add(relative(root, file));
    }
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.getText(source);
      const end = literal.lastIndexOf("/");
      const flags = literal.slice(end + 1).replace(/[gy]/g, "");
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push({
        where: `${relative(root, file)}:${line + 1} ${literal.slice(0, 60)}`,
        regex: new RegExp(literal.slice(1, end), flags),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const literals = sourceFiles(join(root, "src")).flatMap(regexLiterals);
const constructed: FoundRegex[] = [
  { where: "src/core/spec/ou-external-id.ts OU_EXTERNAL_ID_PREFIX", regex: OU_EXTERNAL_ID_PREFIX },
  { where: "src/outputs/style.ts SGR", regex: new RegExp(SGR.source) },
];
const all = [...literals, ...constructed];

/** The characters an attacker would repeat: every kind of character class and separator crossrole's patterns use. */
const ALPHABET = [..."aZ09_-.:/@=+,*? \t!#\"'\\$%&()[]{}<>|;~^`", "é", "\u0000", "\n"];
/** What follows the run, to make the match fail at the very end (where backtracking explodes). */
const ENDINGS = ["", "!", "@x", "\u0000", "a", "-", "0", ":"];

function adversarialUnits(): string[] {
  const units = [...ALPHABET];
  for (const a of ALPHABET.slice(0, 14))
    for (const b of ALPHABET.slice(0, 14)) if (a !== b) units.push(a + b);
  units.push("a-", "ab-", "a:b/", "arn:aws:", "ab12");
  return units;
}

/** Lengths from 4 up to the longest accepted value, growing ~12% a step. */
function lengths(): number[] {
  const out: number[] = [];
  for (let n = 4; n < LONGEST_ACCEPTED; n = Math.ceil(n * 1.12) + 1) out.push(n);
  out.push(LONGEST_ACCEPTED);
  return out;
}

/**
 * How long one match takes. A slow reading is taken again (the best of three counts): on a loaded CI machine a GC
 * pause or a descheduled thread can cost a linear match 50 ms once, while a backtracking one is slow every time.
 */
function timeMatch(regex: RegExp, input: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 3 && best > BUDGET_MS; attempt++) {
    const start = performance.now();
    regex.test(input);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** The slowest match of `regex` over every adversarial input, stopping at the first one over budget. */
function slowestMatch(regex: RegExp): { ms: number; input: string } {
  let slowest = { ms: 0, input: "" };
  const units = adversarialUnits();
  for (const n of lengths()) {
    for (const unit of units) {
      const body = unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
      for (const ending of ENDINGS) {
        const input = body + ending;
        const ms = timeMatch(regex, input);
        if (ms > slowest.ms) slowest = { ms, input };
        if (ms > BUDGET_MS) return slowest;
      }
    }
  }
  return slowest;
}

describe("every regular expression runs in linear time on adversarial input", () => {
  it("finds the regexes (the scanner works)", () => {
    expect(literals.length).toBeGreaterThan(50);
    expect(literals.some((r) => r.where.includes("aws-patterns.ts"))).toBe(true);
  });

  it("knows every RegExp built at run time (a new one must be added to `constructed` above)", () => {
    expect([...constructedIn].sort()).toEqual([
      "src/core/spec/ou-external-id.ts",
      "src/local/fs/remove-write-leftovers.ts",
      "src/outputs/style.ts",
    ]);
  });

  it.each(all.map((r) => [r.where, r.regex] as const))("%s", (_where, regex) => {
    const slowest = slowestMatch(regex);
    expect(
      slowest.ms,
      `slowest input (${slowest.input.length} chars): ${JSON.stringify(slowest.input.slice(0, 80))}`,
    ).toBeLessThan(BUDGET_MS);
  });
});
