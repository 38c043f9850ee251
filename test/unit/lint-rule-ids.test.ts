import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LINT_RULE_MAX_SEVERITY } from "../../src/core/spec/lint-rule-ids.js";

/**
 * The catalogue of rule ids (what `lint.ignore` accepts) against the lint's sources: the compiler already makes
 * every id a catalogued one; this pins each id's most severe level, which decides whether acknowledging it takes a
 * reason. It reads `lintFinding(ID, SEVERITY, ...)` calls whose ids and severities are literals or `c ? a : b`.
 */
const LEVEL = { info: 0, warning: 1, error: 2 } as const;
type Level = keyof typeof LEVEL;

function severitiesInSources(): Map<string, Set<Level>> {
  const dir = join(import.meta.dirname, "../../src/core/lint");
  const found = new Map<string, Set<Level>>();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".ts") || name.endsWith(".test.ts")) continue;
    const text = readFileSync(join(dir, name), "utf8");
    for (const m of text.matchAll(/lintFinding\(\s*([^,]+),\s*([^,]+),/g)) {
      const ids = [...(m[1] ?? "").matchAll(/"([a-z0-9-]+)"/g)].map((x) => x[1] as string);
      const levels = [...(m[2] ?? "").matchAll(/"(error|warning|info)"/g)].map((x) => x[1] as Level);
      // `c ? "a" : "b", c ? "error" : "warning"`: the nth id goes with the nth level.
      ids.forEach((id, i) => {
        const set = found.get(id) ?? new Set<Level>();
        const level = ids.length === levels.length ? levels[i] : undefined;
        if (level !== undefined) set.add(level);
        else for (const l of levels.length > 0 ? levels : (["error"] as Level[])) set.add(l);
        found.set(id, set);
      });
    }
  }
  return found;
}

describe("the lint rule catalogue", () => {
  const found = severitiesInSources();
  it("lists every id the lint reports, and no other", () => {
    expect([...found.keys()].sort()).toEqual(Object.keys(LINT_RULE_MAX_SEVERITY).sort());
  });
  it.each(Object.entries(LINT_RULE_MAX_SEVERITY))("%s reports at most %s", (id, max) => {
    const levels = [...(found.get(id) ?? [])];
    const highest = levels.reduce((a, b) => (LEVEL[b] > LEVEL[a] ? b : a), "info" as Level);
    expect(highest).toBe(max);
  });
});
