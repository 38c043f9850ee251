/**
 * A line-preserving model of an AWS config or credentials file. Parsing keeps every byte: each line's text and its
 * own line ending, so rendering an unedited document gives back the input exactly (comments `#`/`;`, blank lines,
 * odd spacing, CRLF, a lone CR, a missing final newline, unparsable lines). The classification follows Python's
 * configparser, which botocore and the aws CLI use to read these files: lines end at LF, CRLF or a lone CR (Python's
 * universal newlines), and "whitespace" is what Python's str.strip() removes from ASCII text.
 *
 * The text is expected to be the file's bytes decoded as Latin-1 (one character per byte, see
 * write-aws-profile.ts), so bytes that are not UTF-8 come back unchanged; everything crossrole writes is ASCII.
 */

/** What a line is, as configparser would read it. */
export type IniLineKind =
  /** Empty or whitespace only. */
  | "blank"
  /** First non-blank character is `#` or `;`. */
  | "comment"
  /** `[name]`. */
  | "section"
  /** `key = value` or `key: value`. */
  | "entry"
  /** An indented line continuing the previous entry's value (nested `s3 =` settings). */
  | "continuation"
  /** Anything else (configparser would reject it); kept as is. */
  | "other";

/** One line of the file. */
export interface IniLine {
  /** The line's characters, without its line ending. */
  readonly text: string;
  /** `"\n"`, `"\r\n"`, `"\r"`, or `""` for a last line without a newline. */
  readonly eol: string;
  readonly kind: IniLineKind;
  /** section: the text between the brackets, as written; entry: the key, trimmed and lowercased (configparser's optionxform). */
  readonly name?: string;
  /** entry: the value, trimmed. */
  readonly value?: string;
}

/** A parsed file. Treat as immutable: the edit functions return new documents. */
export interface IniDocument {
  readonly lines: readonly IniLine[];
  /** The line ending new lines get: the file's majority (`"\n"` for an empty file). */
  readonly newline: IniNewline;
}

/** A line ending. */
export type IniNewline = "\n" | "\r\n" | "\r";

/** Parses the text of an INI file without losing a byte. Never throws. */
export function parseIni(text: string): IniDocument {
  const lines: IniLine[] = [];
  const counts = { "\n": 0, "\r\n": 0, "\r": 0 };
  let entryIndent = -1; // indentation of the entry a continuation may follow; -1: none
  for (const { text: line, eol } of splitLines(text)) {
    if (eol !== "") counts[eol as IniNewline]++;
    const parsed = classify(line, entryIndent);
    if (parsed.kind === "entry") entryIndent = indentOf(line);
    else if (parsed.kind === "section" || parsed.kind === "other") entryIndent = -1;
    lines.push({ ...parsed, text: line, eol });
  }
  const newline: IniNewline =
    counts["\r\n"] > counts["\n"] && counts["\r\n"] >= counts["\r"]
      ? "\r\n"
      : counts["\r"] > counts["\n"]
        ? "\r"
        : "\n";
  return { lines, newline };
}

/** A new line of `kind` with the given text, classified like a parsed one. */
export function makeIniLine(text: string, eol: string): IniLine {
  return { ...classify(text, -1), text, eol };
}

// --- internal ---

type Classified = Omit<IniLine, "text" | "eol">;

function classify(line: string, entryIndent: number): Classified {
  const trimmed = pyStrip(line);
  if (trimmed === "") return { kind: "blank" };
  if (trimmed.startsWith("#") || trimmed.startsWith(";")) return { kind: "comment" };
  if (entryIndent >= 0 && indentOf(line) > entryIndent) return { kind: "continuation" };
  // configparser: `\[(?P<header>.+)\]` matched at the start of the stripped line; greedy, so up to the last `]`.
  const section = /^\[(.+)\]/.exec(trimmed);
  if (section?.[1] !== undefined) return { kind: "section", name: section[1] };
  const entry = /^(.*?)\s*[=:]\s*(.*)$/.exec(trimmed);
  if (entry?.[1] !== undefined && entry[1] !== "") {
    return { kind: "entry", name: entry[1].toLowerCase(), value: pyStrip(entry[2] ?? "") };
  }
  return { kind: "other" };
}

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && isPySpace(line.charCodeAt(i))) i++;
  return i;
}

/** Python's str.strip() on ASCII: space, \t \n \v \f \r and 0x1c-0x1f (not JS trim(), which also strips U+FEFF, a BOM). */
function pyStrip(text: string): string {
  let end = text.length;
  while (end > 0 && isPySpace(text.charCodeAt(end - 1))) end--;
  return text.slice(indentOf(text.slice(0, end)), end);
}

function isPySpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);
}

function splitLines(text: string): { text: string; eol: string }[] {
  if (text === "") return [];
  const out: { text: string; eol: string }[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push({ text: text.slice(start, m.index), eol: m[0] });
    start = m.index + m[0].length;
  }
  if (start < text.length) out.push({ text: text.slice(start), eol: "" });
  return out;
}
