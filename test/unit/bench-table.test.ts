import { describe, expect, it } from "vitest";
import { type BenchRecord, parseBenchOutput } from "../../bench/support/bench-record.js";
import {
  BENCH_END,
  BENCH_START,
  type BenchRow,
  benchRow,
  renderBenchMarkdown,
  renderBenchTable,
  replaceBenchSection,
} from "../../bench/support/render-bench-table.js";

const info = { loadBefore: [1, 0.5, 0.25], loadAfter: [2, 1, 0.5], cpus: 2, node: "v20.19.0", runs: 3 };
const hit: BenchRecord = {
  kind: "crossrole-bench",
  bench: "assume",
  case: "crossrole assume (cached)",
  reference: "node -e 0",
  direction: "slower",
  samples: [60, 66, 75],
  referenceSamples: [50, 55, 50],
  maxRssKiB: 46_080,
  goal: "<= 1.2x",
};
const cold: BenchRecord = {
  kind: "crossrole-bench",
  bench: "assume",
  case: "cold",
  reference: "aws sts assume-role",
  direction: "faster",
  samples: [100, 200, 125],
  referenceSamples: [500, 600, 500],
  goal: ">= 4x",
};
const endpoint: BenchRecord = {
  kind: "crossrole-bench",
  bench: "credential-server",
  case: "32 clients, keep-alive",
  figure: "35000 req/s, p50 0.80 ms, p99 2.00 ms",
};

describe("benchRow", () => {
  it.each<[BenchRecord, Partial<BenchRow>]>([
    // pairs 60/50 66/55 75/50 → 1.2, 1.2, 1.5; medians 66 and 50
    [
      hit,
      {
        figure: "1.20x (1.20x to 1.50x)",
        median: "66.0 ms (+16.0 ms)",
        maxRss: "45.0 MiB",
        goal: "<= 1.2x: met",
      },
    ],
    // pairs 500/100 600/200 500/125 → 5, 3, 4
    [
      cold,
      {
        figure: "4.00x faster (3.00x to 5.00x)",
        median: "125.0 ms (-375.0 ms)",
        maxRss: "",
        goal: ">= 4x: met",
      },
    ],
    [endpoint, { figure: endpoint.figure, median: "", maxRss: "", goal: "" }],
    [
      { ...hit, samples: [70, 70, 70], referenceSamples: [50, 50, 50], goal: "< 15 ms beyond node" },
      {
        figure: "1.40x (1.40x to 1.40x)",
        median: "70.0 ms (+20.0 ms)",
        maxRss: "45.0 MiB",
        goal: "< 15 ms beyond node: missed",
      },
    ],
    [
      { ...hit, samples: [650, 690, 710, 720], referenceSamples: [50, 50, 50, 50], goal: "< 700 ms" },
      {
        figure: "14.00x (13.00x to 14.40x)",
        median: "700.0 ms (+650.0 ms)",
        maxRss: "45.0 MiB",
        goal: "< 700 ms: missed",
      },
    ],
  ])("%#", (record, expected) => {
    expect(benchRow(record)).toMatchObject(expected);
  });
});

describe("renderBenchTable / renderBenchMarkdown", () => {
  it("one aligned line per record under the run's conditions", () => {
    const text = renderBenchTable([hit, cold, endpoint], info);
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "Measured by `npm run bench`: 3 runs per side, interleaved, after a warm-up round; NODE_EXTRA_CA_CERTS and AWS_CA_BUNDLE unset; 2 CPUs, load average 1.00 0.50 0.25 at the start and 2.00 1.00 0.50 at the end; Node v20.19.0.",
    );
    expect(lines).toHaveLength(6);
    expect(lines[2]).toMatch(/^bench +case +against +median ratio/);
    const column = (lines[2] as string).indexOf("against");
    expect((lines[3] as string).slice(column)).toMatch(/^node -e 0 +1\.20x/);
    expect((lines[5] as string).slice(column).trim()).toBe(endpoint.figure);
  });

  it("Markdown: a header, a separator and one row per record, pipes escaped", () => {
    const md = renderBenchMarkdown([hit, { ...endpoint, figure: "a | b" }], info);
    const rows = md.trimEnd().split("\n").slice(2);
    expect(rows[0]).toBe(
      "| bench | case | against | median ratio (min to max) | case median (vs reference) | max RSS | goal |",
    );
    expect(rows[1]).toBe("|---|---|---|---|---|---|---|");
    expect(rows[2]).toBe(
      "| assume | `crossrole assume (cached)` | `node -e 0` | 1.20x (1.20x to 1.50x) | 66.0 ms (+16.0 ms) | 45.0 MiB | <= 1.2x: met |",
    );
    expect(rows[3]).toBe("| credential-server | `32 clients, keep-alive` |  | a \\| b |  |  |  |");
  });
});

describe("replaceBenchSection", () => {
  it("replaces only what is between the markers, idempotently", () => {
    const readme = `# x\n\n## Performance\n${BENCH_START}\nold table\n${BENCH_END}\n\nafter\n`;
    const once = replaceBenchSection(readme, "new table\n");
    expect(once).toBe(`# x\n\n## Performance\n${BENCH_START}\nnew table\n${BENCH_END}\n\nafter\n`);
    expect(replaceBenchSection(once, "new table\n")).toBe(once);
  });

  it.each([
    ["no markers", "# x\n"],
    ["only the start", `${BENCH_START}\n`],
    ["out of order", `${BENCH_END}\n${BENCH_START}\n`],
  ])("%s: an error saying what is missing", (_what, readme) => {
    expect(() => replaceBenchSection(readme, "t")).toThrow(
      /no <!-- bench:start --> … <!-- bench:end --> section/,
    );
  });
});

describe("parseBenchOutput", () => {
  it("keeps the records and skips other lines and malformed records", () => {
    const stdout = [
      "runs per case: 3",
      JSON.stringify(hit),
      "{not json",
      JSON.stringify({ ...hit, kind: "other" }),
      JSON.stringify({ ...hit, samples: [1, 2] }), // unpaired
      JSON.stringify({ ...hit, direction: "sideways" }),
      JSON.stringify(endpoint),
      "",
    ].join("\n");
    expect(parseBenchOutput(stdout)).toEqual([hit, endpoint]);
  });
});
