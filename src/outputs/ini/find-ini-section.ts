import type { IniDocument } from "./parse-ini.js";

/** Where a section is in a document. */
export interface IniSectionBounds {
  /** Index of the `[header]` line. */
  header: number;
  /**
   * Index after the section's last entry (or continuation, or unparsable line); `header + 1` when it has none.
   * Comments and blank lines between that point and the next header are NOT the section's: they usually introduce
   * the next one, so edits and removal leave them alone.
   */
  end: number;
}

/** Header line indexes of the sections whose bracketed name satisfies `match`, in file order. */
export function findIniSections(doc: IniDocument, match: (name: string) => boolean): number[] {
  const found: number[] = [];
  doc.lines.forEach((line, index) => {
    if (line.kind === "section" && line.name !== undefined && match(line.name)) found.push(index);
  });
  return found;
}

/** The bounds of the section whose header is at `header`. */
export function iniSectionBounds(doc: IniDocument, header: number): IniSectionBounds {
  let end = header + 1;
  for (let i = header + 1; i < doc.lines.length; i++) {
    const kind = doc.lines[i]?.kind;
    if (kind === "section") break;
    if (kind === "entry" || kind === "continuation" || kind === "other") end = i + 1;
  }
  return { header, end };
}

/**
 * The section's keys (lowercased) and values, first occurrence winning. A Map, so that keys such as `__proto__`
 * or `constructor` in a hostile file are plain data and can never reach an object's prototype.
 */
export function readIniSection(doc: IniDocument, header: number): Map<string, string> {
  const values = new Map<string, string>();
  const { end } = iniSectionBounds(doc, header);
  for (let i = header + 1; i < end; i++) {
    const line = doc.lines[i];
    if (line?.kind === "entry" && line.name !== undefined && !values.has(line.name)) {
      values.set(line.name, line.value ?? "");
    }
  }
  return values;
}
