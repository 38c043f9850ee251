import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The bundles in dist (built by npm test) inline code from other packages; their licences must allow that and
 * their notices must ship in dist/THIRD-PARTY-NOTICES.md. Which packages were bundled is read from the source maps,
 * independently of the build's own list.
 */
const dist = resolve(import.meta.dirname, "../../dist");
const permissive = new Set(["Apache-2.0", "MIT", "ISC", "BSD-2-Clause", "BSD-3-Clause", "0BSD"]);

/** Whether an SPDX expression lets us bundle: every AND term, or some OR alternative, is permissive. */
function isPermissive(expression: string): boolean {
  const bare = expression.trim().replace(/^\((.*)\)$/, "$1");
  if (/\(/.test(bare)) return false;
  if (bare.includes(" AND ")) return bare.split(" AND ").every(isPermissive);
  if (bare.includes(" OR ")) return bare.split(" OR ").some(isPermissive);
  return permissive.has(bare);
}

/** name@version -> licence of each package a source map of dist names a file of. */
function bundledPackages(): Map<string, string> {
  const packages = new Map<string, string>();
  for (const file of readdirSync(dist, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".map") || file.startsWith("types")) continue;
    const map = JSON.parse(readFileSync(join(dist, file), "utf8")) as { sources: string[] };
    for (const source of map.sources) {
      const path = resolve(dirname(join(dist, file)), source);
      const at = path.lastIndexOf("/node_modules/");
      if (at < 0) continue;
      const parts = path.slice(at + "/node_modules/".length).split("/");
      const root = join(
        path.slice(0, at),
        "node_modules",
        ...parts.slice(0, parts[0]?.startsWith("@") ? 2 : 1),
      );
      const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
        name: string;
        version: string;
        license?: unknown;
      };
      packages.set(`${pkg.name}@${pkg.version}`, typeof pkg.license === "string" ? pkg.license : "(none)");
    }
  }
  return packages;
}

/** The sections of the notices file: name@version -> { licence, body }. */
function notices(): Map<string, { license: string; body: string }> {
  const text = readFileSync(join(dist, "THIRD-PARTY-NOTICES.md"), "utf8");
  const sections = new Map<string, { license: string; body: string }>();
  for (const part of text.split(/^## /m).slice(1)) {
    const [heading = "", ...rest] = part.split("\n");
    const body = rest.join("\n");
    sections.set(heading.trim(), { license: /^License: (.+)$/m.exec(body)?.[1] ?? "", body });
  }
  return sections;
}

describe("isPermissive", () => {
  it.each([
    ["Apache-2.0", true],
    ["MIT", true],
    ["ISC", true],
    ["BSD-3-Clause", true],
    ["0BSD", true],
    ["(MIT OR GPL-3.0-only)", true],
    ["MIT AND GPL-3.0-only", false],
    ["GPL-3.0-only", false],
    ["LGPL-2.1", false],
    ["MPL-2.0", false],
    ["SEE LICENSE IN LICENSE", false],
    ["(none)", false],
  ])("%s -> %s", (expression, expected) => {
    expect(isPermissive(expression)).toBe(expected);
  });
});

describe("third-party notices", () => {
  const bundled = bundledPackages();
  const listed = notices();

  it("finds the packages the bundles are known to inline", () => {
    const names = [...bundled.keys()].map((id) => id.slice(0, id.lastIndexOf("@")));
    expect(names).toEqual(expect.arrayContaining(["@aws-sdk/client-sts", "@noble/hashes", "yaml", "zod"]));
  });

  it("bundles only permissively licensed packages", () => {
    const refused = [...bundled].filter(([, license]) => !isPermissive(license));
    expect(refused).toEqual([]);
  });

  it("lists exactly the bundled packages, each with its licence and its text", () => {
    expect([...listed.keys()].sort()).toEqual([...bundled.keys()].sort());
    for (const [id, license] of bundled) {
      const section = listed.get(id);
      expect(section?.license, id).toBe(license);
      const referred = /^The same text as (\S+) above\.$/m.exec(section?.body ?? "")?.[1];
      const withText = referred === undefined ? section : listed.get(referred);
      expect(withText?.body, id).toMatch(/```text\n[\s\S]*(licen[cs]e|permission)[\s\S]*\n```/i);
    }
  });
});
