/**
 * Field paths into an access spec (`targets.ourthing.externalId`) and the problems found at them, shared by the
 * spec parser's steps: zod issue descriptions, consistency checks and source locations.
 */

/** Keys and list indexes from the document root, e.g. `["targets", "ourthing", "permissions", "ecr", "push", 0]`. */
export type SpecPath = readonly (string | number)[];

/** A problem at a path, before it is given a file location. */
export interface PathIssue {
  path: SpecPath;
  message: string;
  /** Point at the key itself (unknown or invalid keys) or at its value (everything else). */
  at: "key" | "value";
}

/**
 * The path as people write it: `targets.ourthing.permissions.ecr.push[0]`. Keys that are not plain words are
 * quoted: `tags["aws:x"]`.
 */
export function formatSpecPath(path: SpecPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** The value at `path` in parsed data, and whether the last key is present at all (absent ≠ null). */
export function lookUpPath(data: unknown, path: SpecPath): { present: boolean; value: unknown } {
  let value: unknown = data;
  for (const segment of path) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, segment)) {
      return { present: false, value: undefined };
    }
    value = (value as Record<string | number, unknown>)[segment];
  }
  return { present: true, value };
}
