import { hasManagedMarker } from "./managed-marker.js";
import type { IniDocument } from "./parse-ini.js";

/** A section crossrole manages, as its marker describes it. */
export interface ManagedSection {
  /** The section name as written: `profile ourthing`, `ourthing-source`. */
  name: string;
  /** The marker's parenthesised origin, e.g. `target ourthing`, when it has one. */
  origin?: string;
}

/** The sections carrying crossrole's marker (see managed-marker.ts), in file order. Pure. */
export function listManagedSections(doc: IniDocument): ManagedSection[] {
  const sections: ManagedSection[] = [];
  doc.lines.forEach((line, i) => {
    if (line.kind !== "section" || line.name === undefined || !hasManagedMarker(doc, i)) return;
    const origin = /\(([^)]*)\)/.exec(doc.lines[i - 1]?.text ?? "")?.[1];
    sections.push(origin === undefined ? { name: line.name } : { name: line.name, origin });
  });
  return sections;
}
