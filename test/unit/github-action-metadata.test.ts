// The GitHub Action's metadata against its code, and its committed bundles against a fresh build. GitHub runs the
// action from the repository as it is (no install, no build), so action/dist/ must be exactly what
// `npm run build:action` makes from the current sources.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ACTION_INPUTS, readActionInputs } from "../../src/action/action-inputs.js";
import { RunnerCommands } from "../../src/action/runner-commands.js";

const ROOT = resolve(import.meta.dirname, "../..");
const metadata = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as {
  inputs: Record<string, { default?: string; description?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string; post: string };
};

/** The INPUT_* variables readActionInputs reads, given `values` (by input name). */
function readWith(values: Record<string, string>): { read: string[]; result: unknown } {
  const read: string[] = [];
  const env = new Proxy({} as Record<string, string | undefined>, {
    get(_, key) {
      if (typeof key === "string") read.push(key);
      const name = Object.keys(values).find((n) => `INPUT_${n.toUpperCase()}` === key);
      return name === undefined ? undefined : values[name];
    },
  });
  return { read, result: readActionInputs(new RunnerCommands(env, () => {})) };
}

describe("action.yml", () => {
  it("declares exactly the inputs the code reads, in the same order, each with a description", () => {
    expect(Object.keys(metadata.inputs)).toEqual([...ACTION_INPUTS]);
    const { read } = readWith({ target: "deploy" });
    expect(read).toEqual(Object.keys(metadata.inputs).map((n) => `INPUT_${n.toUpperCase()}`));
    for (const [name, input] of Object.entries(metadata.inputs)) {
      expect(input.description, name).toMatch(/\S/);
    }
  });

  it("each default it declares is the code's own default (the runner passes defaults as INPUT_*)", () => {
    const withDefaults = Object.entries(metadata.inputs).filter(([, input]) => input.default !== undefined);
    expect(withDefaults.length).toBeGreaterThan(0);
    const unset = readWith({ target: "deploy" }).result;
    for (const [name, input] of withDefaults) {
      expect(readWith({ target: "deploy", [name]: input.default as string }).result, name).toEqual(unset);
    }
  });

  it("declares exactly the outputs the code sets", async () => {
    const dir = join(ROOT, "src/action");
    const set = new Set<string>();
    for (const file of await readdir(dir)) {
      const text = await readFile(join(dir, file), "utf8");
      for (const m of text.matchAll(/setOutput\("([a-z-]+)"/g)) set.add(m[1] as string);
    }
    expect([...set].sort()).toEqual(Object.keys(metadata.outputs).sort());
  });

  it("runs on node24 with a main and a post step that exist", () => {
    expect(metadata.runs.using).toBe("node24");
    expect(existsSync(join(ROOT, metadata.runs.main))).toBe(true);
    expect(existsSync(join(ROOT, metadata.runs.post))).toBe(true);
  });
});

describe("action/dist (the committed bundles)", () => {
  let fresh: string | undefined;
  afterAll(async () => {
    if (fresh !== undefined) await rm(fresh, { recursive: true, force: true });
  });

  it("equals a fresh build of the current sources (else: npm run build:action, and commit action/dist/)", async () => {
    fresh = await mkdtemp(join(tmpdir(), "crossrole-action-"));
    execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `await (await import("./scripts/build-action.mjs")).bundleAction(${JSON.stringify(fresh)})`,
      ],
      { cwd: ROOT, stdio: "pipe" },
    );
    const committed = join(ROOT, "action/dist");
    const names = (await readdir(fresh)).sort();
    expect((await readdir(committed)).sort()).toEqual(names);
    for (const name of names) {
      const same = (await readFile(join(fresh, name))).equals(await readFile(join(committed, name)));
      expect(
        same,
        `action/dist/${name} is not the build of the current sources: run npm run build:action`,
      ).toBe(true);
    }
  }, 60_000);
});
