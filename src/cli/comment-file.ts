import { basename, dirname, relative, resolve } from "node:path";
import { UsageError } from "../core/errors.js";
import type { CliContext } from "./cli-context.js";

/**
 * `--comment-file FILE` of plan and diff: refuses an empty name, `-`, a format other than markdown, and `--out`
 * beside it, before anything is read.
 */
export function checkCommentFile(command: string, value: string, format: string, out?: string): void {
  if (value === "" || value === "-") {
    throw new UsageError(
      `crossrole ${command}: --comment-file takes a file name${value === "" ? "; it is empty" : '; "-" (stdout) is not one'}.`,
      {
        hint: "Leave --comment-file out to print the comment to stdout, or name a file: --comment-file comment.md.",
      },
    );
  }
  if (format !== "markdown" || out !== undefined) {
    throw new UsageError(
      `crossrole ${command}: --comment-file writes the markdown comment, so it goes with --format markdown${out === undefined ? "" : " and not with --out"}.`,
      { hint: `crossrole ${command} --format markdown --comment-file ${value}` },
    );
  }
}

/** Writes the comment atomically, 0644 (through the output-file writer), and says where on stderr. */
export async function writeCommentFile(ctx: CliContext, file: string, content: string): Promise<void> {
  const path = resolve(ctx.cwd, file);
  // Loaded here: the writer loads node:crypto and fs/promises, which plan without a file never needs.
  const { writeOutputFiles } = await import("../outputs/write-output-files.js");
  await writeOutputFiles(dirname(path), [{ path: basename(path), content }]);
  ctx.stderr.write(`crossrole: comment written to ${relative(ctx.cwd, path) || path}\n`);
}
