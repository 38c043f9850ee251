import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initSpec, makeTempDir, runCli } from "./run-cli.js";

/**
 * The spec's JSON Schema wherever crossrole is installed (issue 15, section 4): `init` links this release's copy on
 * jsDelivr (not ./node_modules, which a global or npx install does not have), `crossrole schema` prints the
 * installed file or its path; --help and the bug report name package.json's homepage and issue tracker.
 */

const root = resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  version: string;
  homepage: string;
  bugs: { url: string };
};
const schemaText = readFileSync(join(root, "schema", "crossrole.schema.json"), "utf8");

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe("the spec's schema", () => {
  it("init links this release's schema on jsDelivr", async () => {
    await initSpec(dir);
    const text = readFileSync(join(dir, "crossrole.yaml"), "utf8");
    expect(text.split("\n")[0]).toBe(
      `# yaml-language-server: $schema=https://cdn.jsdelivr.net/npm/crossrole@${pkg.version}/schema/crossrole.schema.json`,
    );
  });

  it("crossrole schema prints the installed schema; --path its file; --url the link init writes", async () => {
    const printed = await runCli(["schema"], { cwd: dir });
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(schemaText);
    const path = await runCli(["schema", "--path"], { cwd: dir });
    expect(readFileSync(path.stdout.trim(), "utf8")).toBe(schemaText);
    const url = await runCli(["schema", "--url"], { cwd: dir });
    expect(url.stdout).toBe(
      `https://cdn.jsdelivr.net/npm/crossrole@${pkg.version}/schema/crossrole.schema.json\n`,
    );
    const both = await runCli(["schema", "--path", "--url"], { cwd: dir });
    expect(both.code).toBe(2);
  });

  it("--help names the documentation and the issue tracker from package.json", async () => {
    const help = await runCli(["--help"], { cwd: dir });
    expect(help.stdout).toContain(`Docs: ${pkg.homepage}`);
    expect(help.stdout).toContain(`Issues: ${pkg.bugs.url}`);
    expect(pkg.homepage).toMatch(/^https:\/\//);
  });
});
