import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchCaseRecord, BenchFigureRecord } from "./bench-record.js";

/** One command to time. */
export interface BenchCase {
  name: string;
  command: string;
  args: string[];
  /** Written to its stdin. */
  input?: string;
  /** Exit codes that count as success (default [0]). */
  okCodes?: number[];
  /** Runs, untimed, before every run of the case (e.g. to empty a cache directory). */
  before?: () => void;
  /** Per-case environment additions. */
  env?: Record<string, string>;
}

/** A figure to report: `case` against `reference`, both names of measured cases. */
export interface Comparison {
  case: string;
  reference: string;
  direction: "slower" | "faster";
  goal?: string;
}

export interface MeasureOptions {
  bench: string;
  cases: BenchCase[];
  runs: number;
  env: Record<string, string | undefined>;
  cwd: string;
  /**
   * The figures to report. Every case not named in one is also reported against `defaultReference` (so a case
   * added to a script's list shows up in the runner's table without more code).
   */
  comparisons?: Comparison[];
  defaultReference?: string;
  /** Cases (node processes) whose max RSS is measured, in untimed runs. */
  rss?: string[];
}

/**
 * Times every case `runs` times, interleaved (round by round, after one untimed warm-up round that fills the file
 * and credential caches) so machine noise hits all alike, with NODE_EXTRA_CA_CERTS and AWS_CA_BUNDLE removed from
 * the environment of every case (a CA bundle parsed at start-up would add tens of ms to every Node process and
 * flatter the ratios). Returns the records; prints them as JSON lines with --json, else a human-readable table.
 */
export function measureInterleaved(options: MeasureOptions): BenchCaseRecord[] {
  const env = benchEnv(options.env);
  const samples = new Map<string, number[]>(options.cases.map((c) => [c.name, []]));
  for (let round = 0; round < options.runs + 1; round++) {
    for (const c of options.cases) {
      const ms = runOnce(c, env, options.cwd);
      if (round > 0) samples.get(c.name)?.push(ms);
    }
  }
  const rss = new Map<string, number>();
  for (const name of options.rss ?? []) {
    const c = options.cases.find((x) => x.name === name);
    if (c !== undefined) rss.set(name, maxRssKiB(c, env, options.cwd));
  }
  const comparisons = [...(options.comparisons ?? [])];
  const reference = options.defaultReference;
  if (reference !== undefined) {
    for (const c of options.cases) {
      if (c.name !== reference && !comparisons.some((x) => x.case === c.name))
        comparisons.push({ case: c.name, reference, direction: "slower" });
    }
  }
  const records = comparisons.map((x): BenchCaseRecord => {
    const record: BenchCaseRecord = {
      kind: "crossrole-bench",
      bench: options.bench,
      case: x.case,
      reference: x.reference,
      direction: x.direction,
      samples: round1(samples.get(x.case) ?? []),
      referenceSamples: round1(samples.get(x.reference) ?? []),
    };
    const kib = rss.get(x.case);
    if (kib !== undefined) record.maxRssKiB = kib;
    if (x.goal !== undefined) record.goal = x.goal;
    return record;
  });
  report(records);
  return records;
}

/** Prints figure records (JSON lines with --json, else one line each). */
export function reportFigures(records: BenchFigureRecord[]): void {
  for (const r of records) console.log(jsonMode() ? JSON.stringify(r) : `${r.case.padEnd(44)} ${r.figure}`);
}

/** `env` without the CA-bundle variables (see measureInterleaved). */
export function benchEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const { NODE_EXTRA_CA_CERTS: _node, AWS_CA_BUNDLE: _aws, ...rest } = env;
  return rest;
}

/** Whether the runner asked for JSON lines. */
export function jsonMode(): boolean {
  return process.argv.includes("--json");
}

// --- internal ---

function runOnce(c: BenchCase, baseEnv: Record<string, string | undefined>, cwd: string): number {
  c.before?.();
  const env = c.env === undefined ? baseEnv : { ...baseEnv, ...c.env };
  const start = process.hrtime.bigint();
  // stdout is a pipe, as in eval "$(crossrole assume ...)" and as docker reads a helper.
  const r = spawnSync(c.command, c.args, {
    env,
    cwd,
    input: c.input ?? "",
    stdio: ["pipe", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!(c.okCodes ?? [0]).includes(r.status ?? -1))
    throw new Error(`${c.name} exited ${r.status}: ${String(r.stderr).slice(0, 2000)}`);
  return ms;
}

/** Median of three untimed runs' max RSS, read by a preload at exit (Node processes only). */
function maxRssKiB(c: BenchCase, env: Record<string, string | undefined>, cwd: string): number {
  const dir = mkdtempSync(join(tmpdir(), "crossrole-bench-rss-"));
  try {
    const probe = join(dir, "probe.cjs");
    const out = join(dir, "rss.txt");
    writeFileSync(
      probe,
      `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));`,
    );
    const values: number[] = [];
    for (let i = 0; i < 3; i++) {
      runOnce(c, { ...env, NODE_OPTIONS: `--require ${probe}` }, cwd);
      values.push(Number(readFileSync(out, "utf8")));
    }
    values.sort((a, b) => a - b);
    return values[1] ?? Number.NaN;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round1(xs: number[]): number[] {
  return xs.map((x) => Math.round(x * 10) / 10);
}

function report(records: BenchCaseRecord[]): void {
  for (const r of records) {
    if (jsonMode()) {
      console.log(JSON.stringify(r));
      continue;
    }
    const m = median(r.samples);
    const ref = median(r.referenceSamples);
    const ratio = r.direction === "slower" ? m / ref : ref / m;
    const what = r.direction === "slower" ? `x ${r.reference}` : `x faster than ${r.reference}`;
    const rss = r.maxRssKiB === undefined ? "" : `  max RSS ${(r.maxRssKiB / 1024).toFixed(0)} MiB`;
    console.log(
      `${r.case.padEnd(52)} median ${m.toFixed(1).padStart(8)} ms  ${ratio.toFixed(2)}${what}${rss}`,
    );
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}
