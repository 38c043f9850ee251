/**
 * Python's `shlex.split(text)` (POSIX mode, no comments): how botocore splits a section header such as
 * `profile "build"` into words. Whitespace is space, tab, CR and LF; `'…'` quotes literally; `"…"` quotes with
 * `\` escaping only `"` and `\`; a `\` outside quotes escapes the next character. Returns undefined where Python
 * raises ValueError (an unclosed quote, or a `\` at the end). Pure.
 */
export function shlexSplit(text: string): string[] | undefined {
  const words: string[] = [];
  let word = "";
  let inWord = false; // a word has started (possibly an empty quoted one)
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"') {
        const next = text[i + 1];
        if (next === undefined) return undefined;
        word += next === '"' || next === "\\" ? next : `\\${next}`;
        i++;
      } else word += c;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if (c === "\\") {
      const next = text[i + 1];
      if (next === undefined) return undefined;
      word += next;
      inWord = true;
      i++;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote !== undefined) return undefined;
  if (inWord) words.push(word);
  return words;
}
