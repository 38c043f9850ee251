import { EnvironmentError, SpecError, UsageError } from "../../core/errors.js";
import { MAX_SPEC_BYTES } from "../../core/spec/max-spec-bytes.js";
import { LocalFileError, type LocalFileRules, readLocalFile } from "../../local/fs/read-local-file.js";

/** A spec is a regular file of at most 1 MiB; anything else is the user's input to fix (exit 2). */
const SPEC_FILE: LocalFileRules = {
  what: "access spec",
  maxBytes: MAX_SPEC_BYTES,
  kind: "invalid-input",
  hint: "Point -c (or CROSSROLE_CONFIG) at the spec file itself (generated text: write it to a file first).",
};

/**
 * The access spec's bytes, read through {@link readLocalFile}: every reader of the spec (load, the assume fast
 * path's digest, the ECR target index, the rewrite of `rotate`/`rollout`) refuses the same things the same way,
 * before reading more than the limit. Small and free of the YAML parser, for the fast path.
 * @throws UsageError (exit 2) when nothing is at `path` (saying to run `crossrole init`);
 *   LocalFileError (exit 2) when it is not a regular file (a directory, a FIFO or pipe such as `-c <(...)` or
 *   `-c /dev/stdin`, a device such as /dev/zero);
 *   SpecError (exit 2) at `file:1:1` when it is larger than 1 MiB, saying its size and the limit;
 *   EnvironmentError `SPEC_UNREADABLE` (exit 5) when it exists but cannot be read (permissions).
 */
export function readSpecFile(path: string): Buffer {
  let bytes: Buffer | undefined;
  try {
    bytes = readLocalFile(path, SPEC_FILE);
  } catch (error) {
    if (!(error instanceof LocalFileError)) throw error;
    if (error.problem === "too-large") {
      const message = `${error.detail} (is this the right file?)`;
      throw new SpecError([{ location: { file: path, line: 1, column: 1 }, path: "", message }]);
    }
    if (error.problem === "not-regular") throw error;
    throw new EnvironmentError("SPEC_UNREADABLE", error.message, { cause: error });
  }
  if (bytes === undefined) {
    throw new UsageError(`no access spec at ${path}.`, {
      hint: "Run `crossrole init` to write one, or point to yours with -c FILE or CROSSROLE_CONFIG.",
    });
  }
  return bytes;
}
