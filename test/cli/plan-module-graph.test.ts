import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manyTargetSpec } from "../support/many-target-spec.js";
import { createEsModuleProbe, type EsModuleProbe } from "./es-module-probe.js";
import { cliPath, makeTempDir, runCli } from "./run-cli.js";

/**
 * What `plan` loads (issue 16): on a plain spec the light validator (validate-plain-spec.ts) judges, `plan` and
 * `lint` are answered by the CommonJS fast path (dist/chunks/offline-fast-path.cjs, run by the launcher with V8's
 * code cache): no ES module is loaded, and that bundle holds neither zod nor the yaml package. A spec the light
 * validator cannot judge is handed over to the full CLI, which loads zod (and only zod), one outside the plain YAML
 * subset loads yaml too: so the probe below can see both, and the test can fail.
 *
 * The probe (es-module-probe.ts) records every ES module resolved; the packages a dist chunk or bundle holds are
 * read from its source map.
 */

let dir: string;
let cleanup: () => Promise<void>;
let probe: EsModuleProbe;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  probe = await createEsModuleProbe(dir);
});
afterAll(() => cleanup());

const plainSpec = (targets: number, extra = "") =>
  manyTargetSpec(targets, { head: ["lint:", "  ignore: [confused-deputy-single-target]"], tail: extra });

/**
 * Runs `crossrole <command> -c spec.yaml` with the probe; returns the run, whether the full ES-module CLI ran, and
 * the npm packages held by what ran: the ES-module chunks resolved, or else the fast-path bundle.
 */
async function packagesLoaded(command: string[], spec: string) {
  const name = `spec-${Math.random().toString(36).slice(2)}`;
  await writeFile(join(dir, `${name}.yaml`), spec);
  const { env, read } = await probe.env();
  const run = await runCli([...command, "-c", `${name}.yaml`], { cwd: dir, env });
  const { files, fullCli } = await read();
  const packages = new Set<string>();
  for (const file of fullCli ? files : [join(dirname(cliPath), "chunks", "offline-fast-path.cjs")]) {
    const map = JSON.parse(await readFile(`${file}.map`, "utf8")) as { sources: string[] };
    for (const source of map.sources) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];
      if (pkg !== undefined) packages.add(pkg);
    }
  }
  return { run, fullCli, modules: files.length, packages: [...packages].sort() };
}

describe("plan's module graph", () => {
  it("on a plain spec, plan --format json and lint load neither zod nor yaml", async () => {
    const plan = await packagesLoaded(["plan", "--format", "json"], plainSpec(20));
    expect(plan.run.code, plan.run.stderr).toBe(0);
    expect(JSON.parse(plan.run.stdout).targets).toHaveLength(20);
    // Answered by the fast path: not one ES module of dist was loaded.
    expect(plan.fullCli).toBe(false);
    expect(plan.modules).toBe(0);
    expect(plan.packages).not.toContain("zod");
    expect(plan.packages).not.toContain("yaml");
    const lint = await packagesLoaded(["lint"], plainSpec(3));
    expect([0, 4]).toContain(lint.run.code);
    expect(lint.fullCli).toBe(false);
    expect(lint.packages).not.toContain("zod");
    expect(lint.packages).not.toContain("yaml");
  });

  it("a plain spec the light validator cannot judge loads zod, not yaml; YAML outside the plain subset loads both", async () => {
    const admin = plainSpec(2).replace(
      "  principal: role/ci/builder",
      "  principal: role/ci/builder\n  admin: { roleArn: arn:aws:iam::222222222222:role/Admin }",
    );
    const judged = await packagesLoaded(["plan", "--format", "json"], admin);
    expect(judged.run.code, judged.run.stderr).toBe(0);
    expect(judged.fullCli).toBe(true); // handed over
    expect(judged.modules).toBeGreaterThan(3); // the probe saw the CLI's chunks
    expect(judged.packages).toContain("zod");
    expect(judged.packages).not.toContain("yaml");
    const anchored = await packagesLoaded(
      ["plan", "--format", "json"],
      plainSpec(2).replace("region: eu-west-1", "region: &r eu-west-1"),
    );
    expect(anchored.run.code, anchored.run.stderr).toBe(0);
    expect(anchored.fullCli).toBe(true);
    expect(anchored.packages).toEqual(expect.arrayContaining(["yaml", "zod"]));
  });

  it("an invalid plain spec is still reported by the full parser, with its line and column", async () => {
    const bad = await packagesLoaded(
      ["plan", "--format", "json"],
      plainSpec(2).replace('"100000000001"', '"1234"'),
    );
    expect(bad.run.code).toBe(2);
    expect(bad.fullCli).toBe(true);
    expect(bad.run.stdout + bad.run.stderr).toMatch(/:18:/);
    expect(bad.packages).toEqual(expect.arrayContaining(["yaml", "zod"]));
  });
});
