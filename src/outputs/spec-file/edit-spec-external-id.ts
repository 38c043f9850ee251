import { isScalar, parseDocument } from "yaml";
import { UsageError } from "../../core/errors.js";
import type { SpecExternalId } from "../../core/plan/rotate-external-id.js";
import { editJsonSpecTargets, isJsonSpec, noSpecTarget, parseSpecYaml } from "./edit-spec-targets.js";
import { rewriteSpecFile } from "./rewrite-spec-file.js";

/**
 * The spec text with `targets.<target>.externalId` set to `value`, everything else byte for byte: for YAML, the
 * yaml Document API locates the value node and only its source range is replaced (comments, blank lines, key order
 * and the style of every other node stay as written; a list is written in flow style, `[new, old]`, and a quoted
 * value stays quoted); for JSON (a `.json` file, or text that starts with `{`), the document re-serialised with
 * 2-space indent. The result is parsed again and checked. Pure.
 * @throws UsageError when the target or its externalId is not in the spec.
 */
export function setSpecExternalId(text: string, file: string, target: string, value: SpecExternalId): string {
  if (isJsonSpec(text, file)) {
    return editJsonSpecTargets(text, file, { [target]: value }, (entry, v) => {
      entry.externalId = v;
    });
  }
  const doc = parseSpecYaml(text, file);
  if (!doc.hasIn(["targets", target])) throw noSpecTarget(file, target);
  const node = doc.getIn(["targets", target, "externalId"], true) as
    | { range?: [number, number, number]; type?: string }
    | undefined;
  const range = node?.range;
  if (range === undefined) {
    throw new UsageError(`target "${target}" in ${file} has no externalId to change.`);
  }
  const quote = isScalar(node) && (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE");
  const rendered =
    typeof value === "string"
      ? renderScalar(value, quote)
      : `[${value.map((v) => renderScalar(v, quote)).join(", ")}]`;
  const edited = `${text.slice(0, range[0])}${rendered}${text.slice(range[1])}`;
  const check = parseDocument(edited);
  if (
    check.errors.length > 0 ||
    JSON.stringify(check.getIn(["targets", target, "externalId"])) !== JSON.stringify(value)
  ) {
    throw new UsageError(
      `cannot edit ${file} in place; set targets.${target}.externalId to ${JSON.stringify(value)} by hand.`,
    );
  }
  return edited;
}

/**
 * Sets a target's externalId in the spec file in place (see {@link setSpecExternalId}), atomically, under the
 * file's lock. When `expectedText` is given and the file changed since it was read, nothing is written
 * (SPEC_CHANGED): someone edited it meanwhile.
 */
export async function editSpecExternalId(
  file: string,
  target: string,
  value: SpecExternalId,
  expectedText?: string,
): Promise<void> {
  await rewriteSpecFile(file, (text) => setSpecExternalId(text, file, target, value), {
    expectedText,
    notWritten: "it was not edited.",
    hint: `Set targets.${target}.externalId to ${JSON.stringify(value)} by hand.`,
  });
}

// --- internal ---

/** A plain scalar when YAML reads it back as the same string (crossrole's IDs always are), else double-quoted. */
function renderScalar(value: string, quote: boolean): string {
  return !quote && /^[A-Za-z0-9_][\w+=,.@:/-]*$/.test(value) && !value.includes(": ")
    ? value
    : JSON.stringify(value);
}
