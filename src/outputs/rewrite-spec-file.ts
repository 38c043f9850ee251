import { EnvironmentError } from "../core/errors.js";
import { readSpecFile } from "./read-spec-file.js";
import { withFileLock } from "./with-file-lock.js";
import { writeFileAtomic } from "./write-file-atomic.js";

/**
 * Rewrites the spec file in place under its lock: reads it, applies `edit` (a pure text transformation that keeps
 * comments and layout), writes the result atomically. When `expectedText` is given and the file changed since the
 * caller read it, nothing is written (SPEC_CHANGED, with `hint` saying what to do by hand).
 *
 * @returns the text written.
 */
export async function rewriteSpecFile(
  file: string,
  edit: (text: string) => string,
  options: { expectedText?: string | undefined; notWritten: string; hint: string },
): Promise<string> {
  return withFileLock(file, async () => {
    const text = readSpecFile(file).toString("utf8");
    if (options.expectedText !== undefined && text !== options.expectedText) {
      throw new EnvironmentError(
        "SPEC_CHANGED",
        `${file} changed while crossrole was working; ${options.notWritten}`,
        { hint: options.hint },
      );
    }
    const edited = edit(text);
    await writeFileAtomic(file, edited, { overwrite: true });
    return edited;
  });
}
