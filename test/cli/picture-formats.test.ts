// The picture formats at the process edge (issue 21): plan --format markdown|dot, --comment-file (0644, atomic,
// nothing written on a usage error), and diff's --format beside its older --json.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { initSpec, makeTempDir, runCli } from "./run-cli.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  await initSpec(dir);
});
afterEach(async () => cleanup());

/** The ExternalId init generated, read as YAML (init quotes a value YAML would not read as a plain string). */
const externalId = (): string => {
  const spec = parse(readFileSync(join(dir, "crossrole.yaml"), "utf8")) as {
    targets: Record<string, { externalId: string }>;
  };
  return Object.values(spec.targets)[0]?.externalId ?? "none";
};

describe("plan --format markdown", () => {
  it("prints the comment with a mermaid diagram and the ExternalId masked", async () => {
    const r = await runCli(["plan", "--format", "markdown"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^## crossrole plan: /);
    expect(r.stdout).toContain("```mermaid\nflowchart LR\n");
    expect(r.stdout).toContain(`…${externalId().slice(-4)}`);
    expect(r.stdout).not.toContain(externalId());
  });

  it("--comment-file writes it (0644) instead of stdout", async () => {
    const r = await runCli(["plan", "-f", "markdown", "--comment-file", "out/comment.md"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/comment written to out\/comment\.md/);
    const file = join(dir, "out", "comment.md");
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(readFileSync(file, "utf8")).toMatch(/^## crossrole plan: /);
    expect(readdirSync(join(dir, "out"))).toEqual(["comment.md"]);
  });

  it.each([
    [["--comment-file", ""], /--comment-file takes a file name; it is empty/],
    [["--comment-file", "-"], /"-" \(stdout\) is not one/],
    [["--format", "json", "--comment-file", "c.md"], /goes with --format markdown/],
    [["--format", "svg"], /unknown --format "svg"\. Accepted: text, json, markdown, dot/],
  ])("plan %j is a usage error (exit 2) that writes nothing", async (args, message) => {
    const before = readdirSync(dir).sort();
    const r = await runCli(["plan", ...args], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});

describe("plan --format dot", () => {
  it("prints a digraph with the principal, the role and its access", async () => {
    const r = await runCli(["plan", "--format", "dot"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^digraph crossrole \{\n/);
    expect(r.stdout).toMatch(/p0 -> r0 \[label=/);
    expect(r.stdout).not.toContain(externalId());
  });
});

describe("diff --format", () => {
  it.each([
    [["--json", "--format", "markdown"], /--json and --format markdown ask for two formats/],
    [["--format", "html"], /unknown --format "html"\. Accepted: text, json, markdown/],
    [["--format", "text", "--comment-file", "c.md"], /goes with --format markdown/],
  ])("diff %j is a usage error (exit 2) before any AWS call", async (args, message) => {
    const r = await runCli(["diff", ...args], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
