import { type Document, parseDocument } from "yaml";
import { UsageError } from "../../core/errors.js";

/** How to change one target of the spec, in either of its formats. */
export interface SpecTargetEdit<T> {
  /** YAML: change `doc` in place under `targets.<target>` (the Document API keeps comments and layout). */
  yaml(doc: Document, target: string, change: T): void;
  /** JSON: change the target's object in place. */
  json(entry: Record<string, unknown>, change: T): void;
}

/**
 * The spec text with each target named in `changes` changed by `edit`, everything else kept: YAML through the yaml
 * Document API (comments, blank lines, key order and quoting stay), JSON re-serialised with a 2-space indent. The
 * one way crossrole's in-place spec edits find the format, parse and name a missing target. Pure.
 * @throws UsageError when the YAML does not parse or a target is not in the spec.
 */
export function editSpecTargets<T>(
  text: string,
  file: string,
  changes: Readonly<Record<string, T>>,
  edit: SpecTargetEdit<T>,
): string {
  if (isJsonSpec(text, file)) return editJsonSpecTargets(text, file, changes, edit.json);
  const doc = parseSpecYaml(text, file);
  for (const [target, change] of Object.entries(changes)) {
    if (!doc.hasIn(["targets", target])) throw noSpecTarget(file, target);
    edit.yaml(doc, target, change);
  }
  return doc.toString({ lineWidth: 0 });
}

/** The JSON half of {@link editSpecTargets}. */
export function editJsonSpecTargets<T>(
  text: string,
  file: string,
  changes: Readonly<Record<string, T>>,
  json: SpecTargetEdit<T>["json"],
): string {
  const data = JSON.parse(text) as { targets?: Record<string, Record<string, unknown>> };
  for (const [target, change] of Object.entries(changes)) {
    const entry = data.targets?.[target];
    if (entry === undefined) throw noSpecTarget(file, target);
    json(entry, change);
  }
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** A `.json` spec, or text that starts with `{`. */
export function isJsonSpec(text: string, file: string): boolean {
  return /\.json$/i.test(file) || text.trimStart().startsWith("{");
}

/** The YAML spec as a Document. @throws UsageError when it does not parse. */
export function parseSpecYaml(text: string, file: string): Document {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new UsageError(`cannot edit ${file}: ${doc.errors[0]?.message ?? "invalid YAML"}`);
  return doc;
}

/** The error for a target the spec does not have. */
export function noSpecTarget(file: string, target: string): UsageError {
  return new UsageError(`no target named "${target}" in ${file}.`);
}
