import type { IniDocument } from "./parse-ini.js";

/** The file's text: every line followed by its own line ending. `renderIni(parseIni(t)) === t` for any `t`. */
export function renderIni(doc: IniDocument): string {
  let out = "";
  for (const line of doc.lines) out += line.text + line.eol;
  return out;
}
