import { type BenchCaseRecord, type BenchRecord, isCaseRecord } from "./bench-record.js";

/** The conditions of a run, printed above the table. */
export interface BenchRunInfo {
  /** os.loadavg() when the run started and ended. */
  loadBefore: readonly number[];
  loadAfter: readonly number[];
  cpus: number;
  node: string;
  /** Timed runs per side (after one warm-up round). */
  runs: number;
}

/** One line of the table. */
export interface BenchRow {
  bench: string;
  case: string;
  against: string;
  /** "1.24x (1.10x to 1.40x)", "4.5x faster (3.9x to 5.0x)", or a figure as reported. */
  figure: string;
  /** "123.4 ms (+38.0 ms)": the case's median and its difference to the reference's median. */
  median: string;
  maxRss: string;
  goal: string;
}

/**
 * A record as a table row: the ratio of each interleaved pair (case / reference, or reference / case for
 * "faster"), their median, min and max; the case's median time and how much more than the reference it took;
 * max RSS; the goal and whether the median meets it.
 */
export function benchRow(record: BenchRecord): BenchRow {
  if (!isCaseRecord(record))
    return {
      bench: record.bench,
      case: record.case,
      against: "",
      figure: record.figure,
      median: "",
      maxRss: "",
      goal: "",
    };
  const ratios = record.samples.map((ms, i) => {
    const ref = record.referenceSamples[i] as number;
    return record.direction === "slower" ? ms / ref : ref / ms;
  });
  const [min, mid, max] = [Math.min(...ratios), median(ratios), Math.max(...ratios)];
  const suffix = record.direction === "faster" ? " faster" : "";
  const caseMs = median(record.samples);
  const delta = caseMs - median(record.referenceSamples);
  return {
    bench: record.bench,
    case: record.case,
    against: record.reference,
    figure: `${x(mid)}${suffix} (${x(min)} to ${x(max)})`,
    median: `${caseMs.toFixed(1)} ms (${delta >= 0 ? "+" : ""}${delta.toFixed(1)} ms)`,
    maxRss: record.maxRssKiB === undefined ? "" : `${(record.maxRssKiB / 1024).toFixed(1)} MiB`,
    goal: record.goal === undefined ? "" : `${record.goal}: ${meetsGoal(record, mid, caseMs, delta)}`,
  };
}

/** The plain-text table `npm run bench` prints. */
export function renderBenchTable(records: readonly BenchRecord[], info: BenchRunInfo): string {
  const rows = records.map(benchRow);
  const header: BenchRow = {
    bench: "bench",
    case: "case",
    against: "against",
    figure: "median ratio (min to max)",
    median: "case median (vs reference)",
    maxRss: "max RSS",
    goal: "goal",
  };
  const keys = Object.keys(header) as (keyof BenchRow)[];
  const widths = keys.map((k) => Math.max(...[header, ...rows].map((r) => r[k].length)));
  const line = (r: BenchRow) =>
    keys
      .map((k, i) => r[k].padEnd(widths[i] as number))
      .join("  ")
      .trimEnd();
  return [conditions(info), "", line(header), ...rows.map(line), ""].join("\n");
}

/** The same as Markdown, for the README's performance section. */
export function renderBenchMarkdown(records: readonly BenchRecord[], info: BenchRunInfo): string {
  const rows = records.map(benchRow);
  const cell = (text: string) => text.replaceAll("|", "\\|");
  return [
    `${conditions(info)}`,
    "",
    "| bench | case | against | median ratio (min to max) | case median (vs reference) | max RSS | goal |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${[
          r.bench,
          `\`${r.case}\``,
          r.against === "" ? "" : `\`${r.against}\``,
          r.figure,
          r.median,
          r.maxRss,
          r.goal,
        ]
          .map(cell)
          .join(" | ")} |`,
    ),
    "",
  ].join("\n");
}

export const BENCH_START = "<!-- bench:start -->";
export const BENCH_END = "<!-- bench:end -->";

/**
 * `readme` with the text between the bench markers replaced by `markdown` (the markers kept).
 * @throws Error when the markers are missing or out of order.
 */
export function replaceBenchSection(readme: string, markdown: string): string {
  const start = readme.indexOf(BENCH_START);
  const end = readme.indexOf(BENCH_END);
  if (start < 0 || end < start)
    throw new Error(`README.md has no ${BENCH_START} … ${BENCH_END} section to regenerate`);
  return `${readme.slice(0, start + BENCH_START.length)}\n${markdown.trimEnd()}\n${readme.slice(end)}`;
}

// --- internal ---

function conditions(info: BenchRunInfo): string {
  const load = (l: readonly number[]) => l.map((n) => n.toFixed(2)).join(" ");
  return (
    `Measured by \`npm run bench\`: ${info.runs} runs per side, interleaved, after a warm-up round; ` +
    `NODE_EXTRA_CA_CERTS and AWS_CA_BUNDLE unset; ${info.cpus} CPUs, load average ${load(info.loadBefore)} ` +
    `at the start and ${load(info.loadAfter)} at the end; Node ${info.node}.`
  );
}

/** "met" or "missed" for goals of the forms `<= 1.3x`, `>= 4x`, `< 150 ms beyond node`, `< 700 ms`. */
function meetsGoal(record: BenchCaseRecord, ratio: number, caseMs: number, delta: number): string {
  const m = /^(<=|<|>=|>)\s*([\d.]+)\s*(x|ms)( beyond)?/.exec(record.goal ?? "");
  if (m === null) return "?";
  const [, op, bound, unit, beyond] = m;
  const value = unit === "x" ? ratio : beyond !== undefined ? delta : caseMs;
  const limit = Number(bound);
  const ok =
    op === "<=" ? value <= limit : op === "<" ? value < limit : op === ">=" ? value >= limit : value > limit;
  return ok ? "met" : "missed";
}

function x(ratio: number): string {
  return `${ratio.toFixed(2)}x`;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
