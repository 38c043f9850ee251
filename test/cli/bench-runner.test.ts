import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { isCaseRecord, parseBenchOutput } from "../../bench/support/bench-record.js";

const root = resolve(import.meta.dirname, "../..");

// A smoke test of the runner's contract, on a real bench script and the built CLI: no timing is asserted.
describe("bench scripts report records the runner parses", () => {
  it("plan-startup --json: one record per case, paired samples, max RSS for the plan cases", () => {
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", "bench/plan-startup.ts", "--json", "--runs", "1", "--targets", "2"],
      { cwd: root, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } },
    );
    expect(result.status, result.stderr).toBe(0);
    const records = parseBenchOutput(result.stdout);
    expect(records.map((r) => r.case).sort()).toEqual([
      "crossrole --version",
      "crossrole lint (2 targets)",
      "crossrole plan --format cloudformation (2 targets)",
      "crossrole plan --format json (10 targets)",
      "crossrole plan --format json (2 targets)",
    ]);
    for (const record of records) {
      if (!isCaseRecord(record)) throw new Error("a timed case expected");
      expect(record.reference).toBe("node -e 0");
      expect(record.samples).toHaveLength(1);
      expect(record.referenceSamples).toHaveLength(1);
    }
    const withRss = records.filter((r) => isCaseRecord(r) && r.maxRssKiB !== undefined).map((r) => r.case);
    expect(withRss.sort()).toEqual([
      "crossrole plan --format json (10 targets)",
      "crossrole plan --format json (2 targets)",
    ]);
  }, 120_000);
});
