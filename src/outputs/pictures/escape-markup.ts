/**
 * Escaping of user-controlled text (target names, ARNs, lint messages, AWS details) for the picture formats: a
 * value can never end its context (table cell, label, string) or add markup, links, HTML or diagram syntax.
 */

/** Text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * Text for GitHub/GitLab markdown, inline, on one line and safe in a table cell: HTML is entity-encoded, the
 * punctuation that makes emphasis, code, links, images, strikethrough or a cell boundary anywhere in a line is
 * backslash-escaped (`|` included, so a cell never splits), `://` and `www.` are entity-encoded so no autolink
 * is made, line breaks become spaces. Marks that only mean
 * something at the start of a line (`#`, `-`, `+`, `1.`, `>`) are left: the renderers never start a line with a
 * value.
 */
export function escapeMarkdown(text: string): string {
  return (
    oneLine(text)
      .replace(/[\\`*_[\]!|~]/g, (c) => `\\${c}`)
      .replace(/[&<>"]/g, (c) => HTML_ENTITIES[c] ?? c)
      // No autolinks either: a URL or www. name in a value stays text.
      .replace(/:\/\//g, ":&#47;&#47;")
      .replace(/(www)\./gi, "$1&#46;")
  );
}

/**
 * Text inside a double-quoted Mermaid label (`id["…"]`, `-->|"…"|`): every character but letters, digits, space
 * and `/ , : _ = @ -` becomes a Mermaid entity code (`#60;`), so quotes, brackets, pipes, backticks (markdown
 * strings), `#`, `;` and HTML cannot end the label or reach the SVG as markup. Mermaid decodes the codes back to
 * the characters when it draws the label.
 */
export function escapeMermaid(text: string): string {
  let out = "";
  for (const ch of oneLine(text)) {
    out += /^[A-Za-z0-9 /,:_=@-]$/.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  }
  return out;
}

/**
 * A Graphviz DOT double-quoted string, quotes included: `"` and `\` escaped (so no `\N`, `\G`, `\l` escapes of
 * Graphviz apply to user text), line breaks as spaces.
 */
export function quoteDot(text: string): string {
  return `"${oneLine(text).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A markdown code fence longer than any run of backticks in `content`, so the content cannot close it. */
export function codeFence(content: string): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  return "`".repeat(Math.max(3, longest + 1));
}

// --- internal ---

const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function oneLine(text: string): string {
  // Controls (line breaks, NUL, ESC) and the Unicode line/paragraph separators become spaces.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, " ");
}
