/**
 * How text renderers mark words for people: one object, chosen once by the CLI (colour on a terminal, none in
 * pipes, see src/cli/output-style.ts) and passed to the `render*` functions. {@link plainStyle} is the identity, so
 * a renderer without a style, and every test that does not ask for colour, produces plain text. Only text meant
 * for people takes a style: secrets and machine formats (JSON, env exports, profiles, docker config, templates)
 * never do.
 */
export interface Style {
  /** True when the functions add escape codes. */
  readonly colour: boolean;
  /** Success or an addition: ok, done, PASS, in sync, `+` lines. Green. */
  good(text: string): string;
  /** A change or a caution: updated, drift, warning, `~` lines. Yellow. */
  warn(text: string): string;
  /** A failure or a removal: FAIL, FAILED, error, `-` lines. Red. */
  bad(text: string): string;
  /** Secondary text: notes, info, IAM call lists. Dim. */
  dim(text: string): string;
  /** Headings: a target's or BUILD's first line. Bold. */
  strong(text: string): string;
}

/** No marks: every function returns its text unchanged. */
export const plainStyle: Style = {
  colour: false,
  good: same,
  warn: same,
  bad: same,
  dim: same,
  strong: same,
};

/**
 * ANSI SGR colours, each closed by its own reset (39 for the colour, 22 for bold and dim), so marks nest and a
 * marked word inside a marked line keeps the line's colour after it. A multi-line text is marked line by line, so a
 * pager or a CI log that shows a single line still sees it closed.
 */
export const ansiStyle: Style = {
  colour: true,
  good: sgr(32, 39),
  warn: sgr(33, 39),
  bad: sgr(31, 39),
  dim: sgr(2, 22),
  strong: sgr(1, 22),
};

/** The style for a colour decision. */
export function styleFor(colour: boolean): Style {
  return colour ? ansiStyle : plainStyle;
}

/**
 * Marks one line of a diff-like listing by its first visible character: `+` good, `-` and `!` bad, `~` warn, `=`
 * and `note:` dim; other lines unchanged. The indentation stays outside the marks.
 */
export function markDiffLine(line: string, style: Style): string {
  if (!style.colour) return line;
  const body = line.trimStart();
  if (body === "") return line;
  const indent = line.slice(0, line.length - body.length);
  const mark = body.startsWith("+ ")
    ? style.good
    : body.startsWith("- ") || body.startsWith("! ")
      ? style.bad
      : body.startsWith("~ ")
        ? style.warn
        : body.startsWith("= ") || body.startsWith("note:")
          ? style.dim
          : undefined;
  return mark === undefined ? line : `${indent}${mark(body)}`;
}

/** Matches every SGR escape sequence: what {@link stripStyle} removes. */
export const SGR = new RegExp(`${String.fromCharCode(0x1b)}\\[[0-9;]*m`, "g");

/** The text without SGR escape sequences (for width computations and tests). */
export function stripStyle(text: string): string {
  return text.replace(SGR, "");
}

/** `text` padded with spaces to `width` visible characters, marks not counted. */
export function padStyled(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - stripStyle(text).length));
}

// --- internal ---

function same(text: string): string {
  return text;
}

function sgr(open: number, close: number): (text: string) => string {
  return (text) =>
    text === ""
      ? text
      : text
          .split("\n")
          .map((line) => (line === "" ? line : `\x1b[${open}m${line}\x1b[${close}m`))
          .join("\n");
}
