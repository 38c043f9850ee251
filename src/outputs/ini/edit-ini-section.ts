import { iniSectionBounds } from "./find-ini-section.js";
import { hasManagedMarker } from "./managed-marker.js";
import { type IniDocument, type IniLine, makeIniLine } from "./parse-ini.js";

/** A key to set (value) or delete (undefined). */
export interface IniEntry {
  key: string;
  value: string | undefined;
}

/** Options of {@link upsertIniSection}. */
export interface UpsertIniSectionOptions {
  /** Delete every key of the section that `entries` does not name. Default false. */
  removeOtherKeys?: boolean;
  /** Text of the comment line to keep (or put) immediately above the header; none when undefined. */
  marker?: string;
}

/**
 * Sets and deletes keys of one section, creating it at the end of the file when `at` is undefined. Line-preserving:
 * a key whose value is unchanged keeps its line byte for byte; a changed key is rewritten in place as `key = value`
 * (keeping its line ending); new keys go after the section's last entry; comments inside the section, and every line
 * outside it, are untouched. A new section is separated from the text above by one blank line.
 *
 * Values must be single-line (the caller validates them): a line break would inject keys.
 *
 * @param header the text between the brackets, used only when the section is created.
 * @param at the header line index of the existing section (from findIniSections), or undefined to append.
 */
export function upsertIniSection(
  doc: IniDocument,
  header: string,
  at: number | undefined,
  entries: readonly IniEntry[],
  options: UpsertIniSectionOptions = {},
): IniDocument {
  for (const e of entries) {
    if (/[\r\n]/.test(e.key) || (e.value !== undefined && /[\r\n]/.test(e.value))) {
      throw new Error(`INI values must be single-line (key ${e.key})`);
    }
  }
  return at === undefined
    ? appendSection(doc, header, entries, options)
    : editSection(doc, at, entries, options);
}

/**
 * Deletes the section at `at`: its marker line (when the line above is a crossrole marker), header, entries and the
 * comments between them. Comments and blank lines after its last entry stay (they belong to what follows). One
 * blank line before the section is also deleted when a blank line or the end of the file follows, so that adding
 * then removing a section gives back the original file byte for byte.
 */
export function removeIniSection(doc: IniDocument, at: number): IniDocument {
  const lines = [...doc.lines];
  const { end } = iniSectionBounds(doc, at);
  let start = hasManagedMarker(doc, at) ? at - 1 : at;
  const after = lines[end];
  if (lines[start - 1]?.kind === "blank" && (after === undefined || after.kind === "blank")) start--;
  const removedLast = lines[end - 1];
  lines.splice(start, end - start);
  // The block ended a file without a final newline: so does the new last line.
  const newLast = lines[start - 1];
  if (after === undefined && newLast !== undefined && removedLast?.eol === "") {
    lines[start - 1] = { ...newLast, eol: removedLast.eol };
  }
  return { ...doc, lines };
}

// --- internal ---

function entryLine(key: string, value: string, eol: string): IniLine {
  return makeIniLine(`${key} = ${value}`, eol);
}

function appendSection(
  doc: IniDocument,
  header: string,
  entries: readonly IniEntry[],
  options: UpsertIniSectionOptions,
): IniDocument {
  const nl = doc.newline;
  const block: IniLine[] = [];
  // The blank separator must not turn a lone CR ending above it into CRLF (that would merge two lines).
  const lastEol = doc.lines[doc.lines.length - 1]?.eol;
  if (doc.lines.length > 0) block.push(makeIniLine("", lastEol === "\r" ? "\r" : nl));
  if (options.marker !== undefined) block.push(makeIniLine(options.marker, nl));
  block.push(makeIniLine(`[${header}]`, nl));
  for (const e of entries) if (e.value !== undefined) block.push(entryLine(e.key, e.value, nl));
  return { ...doc, lines: insertLines(doc.lines, doc.lines.length, block) };
}

function editSection(
  doc: IniDocument,
  at: number,
  entries: readonly IniEntry[],
  options: UpsertIniSectionOptions,
): IniDocument {
  const { end } = iniSectionBounds(doc, at);
  const wanted = new Map<string, string | undefined>();
  for (const e of entries) wanted.set(e.key.toLowerCase(), e.value);
  const seen = new Set<string>();
  const body: IniLine[] = [];
  let dropContinuations = false;
  for (let i = at + 1; i < end; i++) {
    const line = doc.lines[i];
    if (line === undefined) continue;
    if (line.kind === "continuation") {
      if (!dropContinuations) body.push(line);
      continue;
    }
    dropContinuations = false;
    if (line.kind !== "entry" || line.name === undefined) {
      body.push(line);
      continue;
    }
    const key = line.name;
    if (!wanted.has(key)) {
      if (options.removeOtherKeys) dropContinuations = true;
      else body.push(line);
      continue;
    }
    const value = wanted.get(key);
    if (value === undefined || seen.has(key)) {
      dropContinuations = true; // deleted, or a duplicate of a key already written
      continue;
    }
    seen.add(key);
    const multiLine = doc.lines[i + 1]?.kind === "continuation";
    if (line.value === value && !multiLine) body.push(line);
    else {
      body.push(entryLine(key, value, line.eol));
      dropContinuations = true;
    }
  }
  const added = entries
    .filter((e) => e.value !== undefined && !seen.has(e.key.toLowerCase()))
    .map((e) => entryLine(e.key, e.value ?? "", doc.newline));

  let lines = [...doc.lines];
  lines.splice(at + 1, end - at - 1, ...body);
  lines = insertLines(lines, at + 1 + body.length, added);
  return { ...doc, lines: setMarker(lines, at, options.marker, doc.newline) };
}

/** Puts `marker` immediately above the header at `at` (replacing a crossrole marker there). */
function setMarker(lines: IniLine[], at: number, marker: string | undefined, nl: string): IniLine[] {
  if (marker === undefined) return lines;
  const doc = { lines, newline: "\n" as const };
  if (hasManagedMarker(doc, at)) {
    const above = lines[at - 1];
    if (above !== undefined && above.text !== marker) lines[at - 1] = makeIniLine(marker, above.eol);
    return lines;
  }
  return insertLines(lines, at, [makeIniLine(marker, nl)]);
}

/**
 * Inserts `block` before index `at`. When that appends to a file whose last line has no newline, the old last line
 * gets one and the block's last line takes over the missing newline.
 */
function insertLines(lines: readonly IniLine[], at: number, block: IniLine[]): IniLine[] {
  const out = [...lines];
  if (block.length === 0) return out;
  const previous = out[at - 1];
  const lastOfBlock = block[block.length - 1];
  if (at === out.length && previous !== undefined && previous.eol === "" && lastOfBlock !== undefined) {
    const nl = block[0]?.eol || "\n";
    out[at - 1] = { ...previous, eol: nl };
    block[block.length - 1] = { ...lastOfBlock, eol: "" };
  }
  out.splice(at, 0, ...block);
  return out;
}
