import { describeIamCall } from "../core/diff/iam-call.js";
import type { PartOutcome, PartStatus } from "../core/diff/part-outcome.js";

/**
 * The report after apply or destroy: per target and BUILD, exactly what was applied, what failed and why, and what
 * was not attempted; then one summary line. The first line of each part is also what CI logs show as each part
 * finishes ({@link renderOutcomeLine}).
 */
export function renderRunReport(
  outcomes: readonly PartOutcome[],
  writeCalls: number,
  verb = "applied",
): string {
  const width = Math.max(5, ...outcomes.map((o) => o.part.length));
  const lines = outcomes.flatMap((o) => renderOutcome(o, width, verb));
  lines.push(renderSummary(outcomes, writeCalls));
  return `${lines.join("\n")}\n`;
}

/** One line for one finished part, e.g. `ourthing  done  (3 IAM calls)` or `api  FAILED  access denied: …`. */
export function renderOutcomeLine(outcome: PartOutcome, width = outcome.part.length): string {
  const label = STATUS_LABEL[outcome.status];
  const detail =
    outcome.error !== undefined
      ? firstLine(outcome.error.message)
      : outcome.applied.length > 0
        ? `${outcome.applied.length} IAM call(s)`
        : outcome.notApplied.length > 0
          ? `${outcome.notApplied.length} IAM call(s) not made`
          : "no changes";
  return `${outcome.part.padEnd(width)}  ${label.padEnd(13)}  ${detail}`;
}

/** `3 done, 1 failed, …; N IAM write calls.` */
export function renderSummary(outcomes: readonly PartOutcome[], writeCalls: number): string {
  const counts = new Map<PartStatus, number>();
  for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  const parts = (Object.keys(STATUS_LABEL) as PartStatus[])
    .filter((s) => (counts.get(s) ?? 0) > 0)
    .map((s) => `${counts.get(s)} ${SUMMARY_WORD[s]}`);
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

const SUMMARY_WORD: Record<PartStatus, string> = {
  done: "done",
  unchanged: "unchanged",
  failed: "failed",
  refused: "refused",
  "not-attempted": "not attempted",
};

function renderOutcome(o: PartOutcome, width: number, verb: string): string[] {
  const lines = [renderOutcomeLine(o, width)];
  const pad = " ".repeat(width + 2);
  if (o.applied.length > 0) lines.push(`${pad}${verb}: ${o.applied.map(describeIamCall).join(", ")}`);
  if (o.notApplied.length > 0 && o.status !== "done") {
    lines.push(`${pad}not ${verb}: ${o.notApplied.map(describeIamCall).join(", ")}`);
  }
  if (o.error !== undefined) {
    const rest = o.error.message.split("\n").slice(1);
    for (const l of rest) lines.push(`${pad}${l.trim()}`);
    if (o.error.hint !== undefined) lines.push(`${pad}next: ${o.error.hint}`);
  }
  for (const note of o.notes) lines.push(`${pad}note: ${note}`);
  return lines;
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}
