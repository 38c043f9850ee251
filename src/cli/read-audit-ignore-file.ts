import { EnvironmentError, UsageError } from "../core/errors.js";
import { type AuditIgnoreEntry, parseAuditIgnoreFile } from "../core/lint/parse-audit-ignore-file.js";
import { LocalFileError, MIB, readLocalFile } from "../local/fs/read-local-file.js";

/**
 * `crossrole audit --ignore-file FILE`, read and checked before any AWS call: through the one bounded read function
 * (a FIFO, a device or a file over 1 MiB is refused, exit 2), then parsed (every problem at its line, exit 2).
 * @throws UsageError when nothing is at `path`; EnvironmentError IGNORE_FILE_UNREADABLE (exit 5) when it exists but
 *   cannot be read.
 */
export function readAuditIgnoreFile(path: string): AuditIgnoreEntry[] {
  let bytes: Buffer | undefined;
  try {
    bytes = readLocalFile(path, {
      what: "audit ignore file",
      maxBytes: MIB,
      kind: "invalid-input",
      hint: "Point --ignore-file at the YAML or JSON file itself (crossrole audit --help shows its form).",
    });
  } catch (error) {
    if (error instanceof LocalFileError && error.problem === "unreadable") {
      throw new EnvironmentError("IGNORE_FILE_UNREADABLE", error.message, { cause: error });
    }
    throw error;
  }
  if (bytes === undefined) {
    throw new UsageError(`no audit ignore file at ${path}.`, {
      hint: "Check the path given to --ignore-file (crossrole audit --help shows the file's form).",
    });
  }
  return parseAuditIgnoreFile(bytes, path);
}
