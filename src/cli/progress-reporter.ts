import type { PartOutcome } from "../core/diff/part-outcome.js";
import { renderOutcomeLine } from "../outputs/render-run-report.js";
import type { OutputStream } from "./cli-context.js";

/** Progress of one part, as the apply/destroy workflows report it. */
export interface ProgressEvent {
  part: string;
  phase: "start" | "finish";
  outcome?: PartOutcome;
  /** Counts the part as failed when there is no outcome to say so (revoke). */
  failed?: boolean;
}

/**
 * Live progress of a run over many targets: one line per part as it finishes (what CI logs show) and, on a
 * terminal, below them a status line rewritten in place with the counts and the parts in flight, cleared at the end.
 */
export function createProgressReporter(
  stream: OutputStream,
  parts: readonly string[],
): { onProgress: (event: ProgressEvent) => void; end: () => void } {
  const width = Math.max(5, ...parts.map((p) => p.length));
  const running = new Set<string>();
  let finished = 0;
  let failed = 0;
  const tty = stream.isTTY === true;
  const draw = () => {
    const inFlight = [...running].slice(0, 4).join(", ") + (running.size > 4 ? ", …" : "");
    const line = `[${finished}/${parts.length}] ${failed > 0 ? `${failed} failed, ` : ""}${running.size > 0 ? `working on ${inFlight}` : ""}`;
    stream.write(`\r\x1b[2K${line.slice(0, 150)}`);
  };
  return {
    onProgress(event) {
      if (event.phase === "start") running.add(event.part);
      else {
        running.delete(event.part);
        finished++;
        if (event.outcome?.status === "failed" || event.failed === true) failed++;
        if (event.outcome !== undefined) {
          stream.write(`${tty ? "\r\x1b[2K" : ""}${renderOutcomeLine(event.outcome, width)}\n`);
        }
      }
      if (tty) draw();
    },
    end() {
      if (tty) stream.write("\r\x1b[2K");
    },
  };
}
