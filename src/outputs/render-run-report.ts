import { describeIamCall } from "../core/diff/iam-call.js";
import type { PartOutcome, PartStatus } from "../core/diff/part-outcome.js";
import { padStyled, plainStyle, type Style } from "./style.js";

/** Options of {@link renderRunReport}. */
export interface RunReportOptions {
  /** What the calls did, in the detail lines: `applied` (default), `removed`. */
  verb?: string;
  style?: Style;
  /** Parts already reported as they finished (the live progress): only the others and the summary are written. */
  omit?: ReadonlySet<string>;
  /** Only the parts that failed or were refused, then the summary (`--quiet`). */
  problemsOnly?: boolean;
}

/**
 * The report after apply or destroy: per target and BUILD, exactly what was applied, what failed and why, and what
 * was not attempted; then one summary line. Each part is written once: a part already shown by the live progress
 * ({@link renderOutcome}, the same block) is left out here.
 */
export function renderRunReport(
  outcomes: readonly PartOutcome[],
  writeCalls: number,
  options: RunReportOptions = {},
): string {
  const width = partWidth(outcomes.map((o) => o.part));
  const style = options.style ?? plainStyle;
  const lines = outcomes
    .filter((o) => options.omit?.has(o.part) !== true)
    .filter((o) => options.problemsOnly !== true || isProblem(o))
    .flatMap((o) => renderOutcome(o, { width, verb: options.verb ?? "applied", style }));
  lines.push(renderSummary(outcomes, writeCalls, style));
  return `${lines.join("\n")}\n`;
}

/** The column width of part names in a report over `parts`. */
export function partWidth(parts: readonly string[]): number {
  return Math.max(5, ...parts.map((p) => p.length));
}

/** Whether a part's outcome is one `--quiet` still reports: it failed or was refused. */
export function isProblem(o: PartOutcome): boolean {
  return o.status === "failed" || o.status === "refused" || o.error !== undefined;
}

/**
 * One finished part: its line (`ourthing  done  2 IAM call(s)`, `api  FAILED  access denied: …`), then what was
 * applied, what was not, the rest of the error with its fix, and notes, indented under it.
 */
export function renderOutcome(
  o: PartOutcome,
  options: { width?: number; verb?: string; style?: Style } = {},
): string[] {
  const style = options.style ?? plainStyle;
  const width = options.width ?? o.part.length;
  const verb = options.verb ?? "applied";
  const lines = [renderOutcomeLine(o, width, style)];
  const pad = " ".repeat(width + 2);
  if (o.applied.length > 0) lines.push(`${pad}${verb}: ${o.applied.map(describeIamCall).join(", ")}`);
  if (o.notApplied.length > 0 && o.status !== "done") {
    lines.push(`${pad}${style.warn(`not ${verb}:`)} ${o.notApplied.map(describeIamCall).join(", ")}`);
  }
  if (o.error !== undefined) {
    const rest = o.error.message.split("\n").slice(1);
    for (const l of rest) lines.push(`${pad}${l.trim()}`);
    if (o.error.hint !== undefined) lines.push(`${pad}next: ${o.error.hint}`);
  }
  for (const note of o.notes) lines.push(`${pad}${style.dim(`note: ${note}`)}`);
  return lines;
}

/**
 * The first line of a finished part, e.g. `ourthing  done  2 IAM call(s)`, `api  FAILED  access denied: …`, or
 * `BUILD  no changes` (the status says it all).
 */
export function renderOutcomeLine(
  outcome: PartOutcome,
  width = outcome.part.length,
  style = plainStyle,
): string {
  const label = STATUS_MARK[outcome.status](style)(STATUS_LABEL[outcome.status]);
  const detail =
    outcome.error !== undefined
      ? firstLine(outcome.error.message)
      : outcome.applied.length > 0
        ? `${outcome.applied.length} IAM call(s)`
        : outcome.notApplied.length > 0
          ? `${outcome.notApplied.length} IAM call(s) not made`
          : "";
  return `${outcome.part.padEnd(width)}  ${detail === "" ? label : `${padStyled(label, 13)}  ${detail}`}`;
}

/** `3 done, 1 failed, …; N IAM write calls.` */
export function renderSummary(
  outcomes: readonly PartOutcome[],
  writeCalls: number,
  style = plainStyle,
): string {
  const counts = new Map<PartStatus, number>();
  for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  const parts = (Object.keys(STATUS_LABEL) as PartStatus[])
    .filter((s) => (counts.get(s) ?? 0) > 0)
    .map((s) => {
      const text = `${counts.get(s)} ${SUMMARY_WORD[s]}`;
      return s === "unchanged" ? text : STATUS_MARK[s](style)(text);
    });
  return `summary: ${parts.join(", ") || "nothing selected"}; ${writeCalls} IAM write call(s).`;
}

// --- internal ---

const STATUS_LABEL: Record<PartStatus, string> = {
  done: "done",
  unchanged: "no changes",
  failed: "FAILED",
  refused: "REFUSED",
  "not-attempted": "not attempted",
};

const STATUS_MARK: Record<PartStatus, (style: Style) => (text: string) => string> = {
  done: (s) => s.good,
  unchanged: (s) => s.dim,
  failed: (s) => s.bad,
  refused: (s) => s.bad,
  "not-attempted": (s) => s.warn,
};

const SUMMARY_WORD: Record<PartStatus, string> = {
  done: "done",
  unchanged: "unchanged",
  failed: "failed",
  refused: "refused",
  "not-attempted": "not attempted",
};

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}
