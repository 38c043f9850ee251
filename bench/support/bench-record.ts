/**
 * What a bench script reports to the runner (bench/run.ts): one JSON object per stdout line, so the runner picks
 * up every case a script measures without knowing them. Other stdout lines are ignored (human-readable output).
 */

/** A timed case against a reference timed in the same run, interleaved: samples[i] and referenceSamples[i] pair. */
export interface BenchCaseRecord {
  kind: "crossrole-bench";
  bench: string;
  case: string;
  reference: string;
  /** "slower": the figure is case / reference (x the reference); "faster": reference / case (x faster). */
  direction: "slower" | "faster";
  /** Wall-clock milliseconds per run. */
  samples: number[];
  referenceSamples: number[];
  /** Max resident set size of the case's process (KiB, median of a few untimed runs), when measured. */
  maxRssKiB?: number;
  /** The goal, as text (e.g. "<= 1.3x"), when there is one. */
  goal?: string;
}

/** A figure that is not a timing ratio (throughput, latency percentiles, scaling), reported as measured. */
export interface BenchFigureRecord {
  kind: "crossrole-bench";
  bench: string;
  case: string;
  figure: string;
}

export type BenchRecord = BenchCaseRecord | BenchFigureRecord;

export function isCaseRecord(record: BenchRecord): record is BenchCaseRecord {
  return "samples" in record;
}

/**
 * The records in a bench script's stdout: every line that is a JSON object with kind "crossrole-bench" and the
 * fields of a case or a figure. Anything else (progress text, a malformed line) is skipped.
 */
export function parseBenchOutput(stdout: string): BenchRecord[] {
  const records: BenchRecord[] = [];
  for (const line of stdout.split("\n")) {
    const text = line.trim();
    if (!text.startsWith("{")) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      continue;
    }
    if (isRecord(value)) records.push(value);
  }
  return records;
}

// --- internal ---

function isRecord(value: unknown): value is BenchRecord {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.kind !== "crossrole-bench" || typeof v.bench !== "string" || typeof v.case !== "string") return false;
  if (typeof v.figure === "string") return true;
  const numbers = (xs: unknown) =>
    Array.isArray(xs) && xs.length > 0 && xs.every((x) => typeof x === "number");
  return (
    typeof v.reference === "string" &&
    (v.direction === "slower" || v.direction === "faster") &&
    numbers(v.samples) &&
    numbers(v.referenceSamples) &&
    (v.samples as number[]).length === (v.referenceSamples as number[]).length
  );
}
