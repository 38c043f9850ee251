import type { PartOutcome } from "../core/diff/part-outcome.js";
import { isProblem, partWidth, renderOutcome, renderOutcomeLine } from "../outputs/render-run-report.js";
import { plainStyle, type Style } from "../outputs/style.js";
import type { OutputStream } from "./cli-context.js";

/** Progress of one part, as the apply/destroy workflows report it. */
export interface ProgressEvent {
  part: string;
  phase: "start" | "finish";
  outcome?: PartOutcome;
  /** Counts the part as failed when there is no outcome to say so (revoke). */
  failed?: boolean;
}

/** Options of {@link createProgressReporter}. */
export interface ProgressOptions {
  style?: Style;
  /**
   * Write each finished part's whole report block (what was applied, errors, notes) instead of its first line; the
   * final report then leaves out the parts in `reported`, so each part is printed once. `verb` names what the
   * calls did (`applied`, `removed`).
   */
  full?: { verb: string };
  /** `--quiet`: only parts that failed or were refused, and no status line. */
  quiet?: boolean;
}

/** What {@link createProgressReporter} returns. */
export interface ProgressReporter {
  onProgress: (event: ProgressEvent) => void;
  /** Clears the status line (on a terminal). */
  end: () => void;
  /** The parts whose outcome was written. */
  reported: ReadonlySet<string>;
}

/**
 * Live progress of a run over many targets: each part as it finishes (what CI logs show) and, on a terminal, below
 * them a status line rewritten in place with the counts and the parts in flight; a finished part's lines replace
 * it (carriage return, erase line) and it is drawn again below them, then cleared at the end. In a pipe no status
 * line is written, so every line appears once.
 */
export function createProgressReporter(
  stream: OutputStream,
  parts: readonly string[],
  options: ProgressOptions = {},
): ProgressReporter {
  const width = partWidth(parts);
  const style = options.style ?? plainStyle;
  const running = new Set<string>();
  const reported = new Set<string>();
  let finished = 0;
  let failed = 0;
  const tty = stream.isTTY === true && options.quiet !== true;
  const draw = () => {
    const inFlight = [...running].slice(0, 4).join(", ") + (running.size > 4 ? ", …" : "");
    const line = `[${finished}/${parts.length}] ${failed > 0 ? `${failed} failed, ` : ""}${running.size > 0 ? `working on ${inFlight}` : ""}`;
    stream.write(`${ERASE_LINE}${style.dim(line.slice(0, 150))}`);
  };
  return {
    onProgress(event) {
      if (event.phase === "start") running.add(event.part);
      else {
        running.delete(event.part);
        finished++;
        if (event.outcome?.status === "failed" || event.failed === true) failed++;
        const outcome = event.outcome;
        if (outcome !== undefined && (options.quiet !== true || isProblem(outcome))) {
          const lines =
            options.full === undefined
              ? [renderOutcomeLine(outcome, width, style)]
              : renderOutcome(outcome, { width, verb: options.full.verb, style });
          stream.write(`${tty ? ERASE_LINE : ""}${lines.join("\n")}\n`);
          reported.add(outcome.part);
        }
      }
      if (tty) draw();
    },
    end() {
      if (tty) stream.write(ERASE_LINE);
    },
    reported,
  };
}

/** Back to the line's start and erase it: the status line is replaced by what comes next. */
const ERASE_LINE = "\r\x1b[2K";
