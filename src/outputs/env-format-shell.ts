import type { EnvVariable } from "../core/session/credential-env-variables.js";

/** The shells crossrole writes commands for. */
export type ShellFormat = "sh" | "fish" | "powershell";

/**
 * Commands that set `variables` and unset `unset` in `shell`, one per line, to be eval'ed. Every value is single-quoted
 * with that shell's rule ({@link quoteSh}, {@link quoteFish}, {@link quotePowerShell}), so no value is ever expanded.
 */
export function formatShellEnv(
  shell: ShellFormat,
  variables: readonly EnvVariable[],
  unset: readonly string[],
): string {
  const lines: string[] = [];
  switch (shell) {
    case "sh":
      for (const v of variables) lines.push(`export ${v.name}=${quoteSh(v.value)}`);
      if (unset.length > 0) lines.push(`unset ${unset.join(" ")}`);
      break;
    case "fish":
      for (const v of variables) lines.push(`set -gx ${v.name} ${quoteFish(v.value)}`);
      // `set -e` of a variable that does not exist only returns a status; no message.
      for (const name of unset) lines.push(`set -e ${name}`);
      break;
    case "powershell":
      for (const v of variables) lines.push(`$Env:${v.name} = ${quotePowerShell(v.value)}`);
      for (const name of unset) lines.push(`Remove-Item -Path Env:${name} -ErrorAction SilentlyContinue`);
      break;
  }
  return `${lines.join("\n")}\n`;
}

/** POSIX sh single quotes: nothing is special inside; a `'` ends the quote, so it becomes `'\''`. */
export function quoteSh(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** fish single quotes: only `\\` and `\'` are escapes inside them, so `\` and `'` are backslash-escaped. */
export function quoteFish(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/**
 * PowerShell single quotes (verbatim strings): a quote is escaped by doubling it. PowerShell also takes the
 * typographic single quotes U+2018, U+2019, U+201A and U+201B as quote characters, so those are doubled too.
 */
export function quotePowerShell(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}
