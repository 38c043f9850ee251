// ARCHITECTURE.md is the map of src/: every folder has a row or a sentence, and every file it names exists, so a
// rename or a new folder that forgets the map fails here instead of misleading the next reader.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "../..");
const map = readFileSync(join(repo, "ARCHITECTURE.md"), "utf8");
const files = readdirSync(join(repo, "src"), { recursive: true, withFileTypes: true });
const folders = files.filter((e) => e.isDirectory()).map((e) => relative(repo, join(e.parentPath, e.name)));
const sources = ["src", "test", "scripts", "bench"].flatMap((top) =>
  readdirSync(join(repo, top), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(repo, join(e.parentPath, e.name))),
);
/** Named in the map but written by the build, not kept in the tree. */
const GENERATED = ["index.d.ts"];

describe("ARCHITECTURE.md matches the tree", () => {
  it.each(folders)("names the folder %s", (folder) => {
    const parts = folder.split("/");
    // A top-level layer by its path (`src/core/`), a concern inside one by its name (`spec/`).
    const named = parts.length === 2 ? `\`${folder}/\`` : `${parts.at(-1)}/`;
    expect(map).toContain(named);
  });

  it("names only files that exist", () => {
    const named = [...map.matchAll(/`([\w./-]+\.ts)`/g)].map((m) => m[1] as string);
    expect(named.length).toBeGreaterThan(100);
    const missing = named.filter(
      (name) => !GENERATED.includes(name) && !sources.some((s) => s === name || s.endsWith(`/${name}`)),
    );
    expect(missing).toEqual([]);
  });
});
