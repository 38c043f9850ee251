// Measures crossrole's offline commands against `node -e 0` (the floor: Node's own startup) in ONE run,
// interleaved (bench/support/measure-interleaved.ts), and prints medians and ratios (JSON lines for bench/run.ts
// with --json). Absolute times depend on the machine; the ratios are the result.
//
//   npm run build && npx tsx bench/plan-startup.ts [--runs N] [--targets N] [--json]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { manyTargetSpec } from "../test/support/many-target-spec.js";
import { type BenchCase, measureInterleaved } from "./support/measure-interleaved.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: process.env.CROSSROLE_BENCH_RUNS ?? "15" },
    targets: { type: "string", default: "200" },
    json: { type: "boolean" },
  },
});
const runs = Number(values.runs);
const targetCount = Number(values.targets);
const large = targetCount * 5;
const cli = resolve(import.meta.dirname, "../dist/crossrole.cjs");
const dir = mkdtempSync(join(tmpdir(), "crossrole-bench-"));

try {
  const spec = join(dir, "crossrole.yaml");
  const largeSpec = join(dir, "large.yaml");
  writeFileSync(spec, bigSpec(targetCount));
  writeFileSync(largeSpec, bigSpec(large));
  const node = process.execPath;
  const planJson = `crossrole plan --format json (${targetCount} targets)`;
  const planLarge = `crossrole plan --format json (${large} targets)`;
  const cases: BenchCase[] = [
    { name: "node -e 0", command: node, args: ["-e", "0"] },
    { name: "crossrole --version", command: node, args: [cli, "--version"] },
    // lint exits 4 when it has findings (the generated spec has some).
    {
      name: `crossrole lint (${targetCount} targets)`,
      command: node,
      args: [cli, "lint", "-c", spec],
      okCodes: [0, 4],
    },
    { name: planJson, command: node, args: [cli, "plan", "--format", "json", "-c", spec] },
    { name: planLarge, command: node, args: [cli, "plan", "--format", "json", "-c", largeSpec] },
    {
      name: `crossrole plan --format cloudformation (${targetCount} targets)`,
      command: node,
      args: [cli, "plan", "--format", "cloudformation", "-c", spec, "--out", join(dir, "cfn")],
    },
  ];
  measureInterleaved({
    bench: "plan-startup",
    cases,
    runs,
    env: process.env,
    cwd: dir,
    defaultReference: "node -e 0",
    comparisons: [
      { case: planJson, reference: "node -e 0", direction: "slower", goal: "< 150 ms beyond node" },
      { case: planLarge, reference: "node -e 0", direction: "slower", goal: "< 700 ms" },
    ],
    rss: [planJson, planLarge],
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function bigSpec(n: number): string {
  return manyTargetSpec(n, {
    externalId: (i) => `id${i}x`.padEnd(40, "Q7vR2mK9pL4sT8wZ1nB6cD3fG5hJ0kYaEuIoPs"),
  });
}
