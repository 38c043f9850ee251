import { constants } from "node:fs";
import { access, lstat } from "node:fs/promises";
import { dirname } from "node:path";
import { EnvironmentError } from "../../core/errors.js";
import { withFileLock } from "../../local/fs/with-file-lock.js";
import { writeFileAtomic } from "../../local/fs/write-file-atomic.js";
import { readSpecFile } from "./read-spec-file.js";

/**
 * Checks that {@link rewriteSpecFile} can replace `file`, so a command that changes AWS and then the spec can refuse
 * BEFORE the AWS change: a regular file, not a symlink (the rename would replace the link, not its target), with
 * its owner-write bit set (a spec made read-only is honoured even by root) and writable for this process, in a
 * directory where the lock and the temp file can be created.
 * @returns the file's permission bits, which the rewrite keeps.
 * @param consequence what the caller did not do (`notWritten`) and what to do by hand (`hint`), added to the error.
 * @throws EnvironmentError `SPEC_NOT_REWRITABLE` saying what is wrong, how to fix it, and the consequence.
 */
export async function checkSpecRewritable(
  file: string,
  consequence: { notWritten: string; hint?: string },
): Promise<number> {
  const refuse = (why: string, fix: string, cause?: unknown) =>
    new EnvironmentError(
      "SPEC_NOT_REWRITABLE",
      `crossrole must rewrite the spec ${file}, but ${why}; ${consequence.notWritten}`,
      {
        hint: consequence.hint === undefined ? fix : `${fix} ${consequence.hint}`,
        ...(cause === undefined ? {} : { cause }),
      },
    );
  const info = await lstat(file).catch((error: unknown) => {
    throw refuse(`it cannot be read (${(error as Error).message})`, "Check the path given with -c.", error);
  });
  if (info.isSymbolicLink()) {
    throw refuse(
      "it is a symbolic link (replacing it would break the link and leave its target unchanged)",
      'Run crossrole with -c pointing at the real file (e.g. -c "$(realpath FILE)"), or replace the link with the file.',
    );
  }
  if (!info.isFile()) throw refuse("it is not a regular file", "Point -c at the spec file itself.");
  const mode = info.mode & 0o7777;
  const fix = `Make it writable (chmod u+w ${file}), then run the command again.`;
  if ((mode & 0o200) === 0) throw refuse(`it is read-only (mode 0${mode.toString(8)})`, fix);
  await access(file, constants.W_OK).catch((error: unknown) => {
    throw refuse("this user cannot write it", fix, error);
  });
  await access(dirname(file), constants.W_OK | constants.X_OK).catch((error: unknown) => {
    throw refuse(
      `its directory ${dirname(file)} is not writable (the new version is written next to it, then renamed)`,
      `Make the directory writable for this user (chmod u+w ${dirname(file)}), then run the command again.`,
      error,
    );
  });
  return mode;
}

/**
 * Rewrites the spec file in place under its lock: reads it, applies `edit` (a pure text transformation that keeps
 * comments and layout), writes the result atomically with the file's permission bits kept. When `expectedText` is
 * given and the file changed since the caller read it, nothing is written (SPEC_CHANGED, with `hint` saying what to
 * do by hand). The file is checked first ({@link checkSpecRewritable}).
 *
 * @returns the text written.
 */
export async function rewriteSpecFile(
  file: string,
  edit: (text: string) => string,
  options: { expectedText?: string | undefined; notWritten: string; hint: string },
): Promise<string> {
  const mode = await checkSpecRewritable(file, options);
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
    await writeFileAtomic(file, edited, { overwrite: true, mode });
    return edited;
  });
}
