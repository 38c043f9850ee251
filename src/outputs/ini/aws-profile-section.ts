import { CrossroleError, UsageError } from "../../core/errors.js";
import { findIniSections } from "./find-ini-section.js";
import type { IniDocument } from "./parse-ini.js";
import { shlexSplit } from "./shlex-split.js";

/** Which of the two AWS files: they name profile sections differently. */
export type AwsFileKind = "config" | "credentials";

/**
 * Profile names crossrole writes: 1..64 of letters, digits and `_ . + @ , = -` (no whitespace, brackets, `/`, `#`,
 * `;` or quotes, which break INI headers, shells or the aws CLI's `--profile` parsing).
 */
export const PROFILE_NAME = /^[A-Za-z0-9_.+@,=-]{1,64}$/;

/**
 * Refuses a profile name crossrole must not write: outside {@link PROFILE_NAME}, or one of the names that mean
 * something to JavaScript objects (`__proto__`, `constructor`, `prototype`): readers that build plain objects from
 * INI files could be polluted by them.
 */
export function validateProfileName(name: string, what = "profile name"): void {
  if (!PROFILE_NAME.test(name) || RESERVED.has(name)) {
    throw new UsageError(`invalid ${what} "${printable(name)}".`, {
      hint: "Use 1-64 letters, digits and _ . + @ , = - (no spaces, brackets or slashes; not __proto__, constructor or prototype).",
    });
  }
}

/** The text between the brackets of `name`'s section: `default` / `profile NAME` in config, `NAME` in credentials. */
export function profileSectionHeader(name: string, kind: AwsFileKind): string {
  if (kind === "credentials" || name === "default") return name;
  return `profile ${name}`;
}

/**
 * The profile a section header defines, exactly as botocore's configloader.build_profile_map reads it. In
 * credentials the header is the name. In config: `[default]`; and any header that starts with `profile` and that
 * Python's shlex.split cuts into exactly two words defines the profile named by the second word: `[profile build]`,
 * `[profile  "build"]`, `[profile 'build']`, `[profiles build]`, even `[profilex build]` (`[profile default]` is
 * `default`). Other sections (`sso-session`, `services`, `[profile]`, `[profile a b]`, an unclosed quote) define none.
 */
export function profileNameOfSection(header: string, kind: AwsFileKind): string | undefined {
  if (kind === "credentials") return header;
  if (header === "default") return "default";
  if (!header.startsWith("profile")) return undefined;
  const words = shlexSplit(header);
  return words?.length === 2 ? words[1] : undefined;
}

/**
 * The header line index of `name`'s section, or undefined when there is none. Two sections defining the same
 * profile (`[default]` and `[profile default]`, or a repeated header) make botocore fail or pick one silently, so
 * they are an error here.
 */
export function findProfileSection(
  doc: IniDocument,
  name: string,
  kind: AwsFileKind,
  file: string,
): number | undefined {
  const found = findIniSections(doc, (header) => profileNameOfSection(header, kind) === name);
  if (found.length > 1) {
    const lines = found.map((i) => i + 1).join(", ");
    throw new CrossroleError(
      "DUPLICATE_PROFILE",
      "invalid-input",
      `${file} defines profile "${name}" more than once (lines ${lines}); crossrole will not guess which one to edit.`,
      { hint: "Delete all but one of those sections, then run the command again." },
    );
  }
  return found[0];
}

// --- internal ---

const RESERVED = new Set(["__proto__", "constructor", "prototype"]);

function printable(value: string): string {
  const cut = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return cut.replace(/[^\x20-\x7E]/g, "?");
}
