// Measures crossrole's offline commands against `node -e 0` (the floor: Node's own startup) in ONE run, and
// prints medians and ratios. Absolute times depend on the machine; the ratios are the result.
//
//   npm run build && node bench/plan-startup.mjs [--runs N] [--targets N]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "15" }, targets: { type: "string", default: "200" } },
});
const runs = Number(values.runs);
const targetCount = Number(values.targets);
const cli = resolve(import.meta.dirname, "../dist/crossrole.cjs");
const dir = mkdtempSync(join(tmpdir(), "crossrole-bench-"));

try {
  const spec = join(dir, "crossrole.yaml");
  writeFileSync(spec, bigSpec(targetCount));
  const cases = [
    ["node -e 0", ["-e", "0"]],
    ["crossrole --version", [cli, "--version"]],
    [`crossrole lint (${targetCount} targets)`, [cli, "lint", "-c", spec]],
    [`crossrole plan --format json (${targetCount} targets)`, [cli, "plan", "--format", "json", "-c", spec]],
    [
      `crossrole plan --format cloudformation (${targetCount} targets)`,
      [cli, "plan", "--format", "cloudformation", "-c", spec, "--out", join(dir, "cfn")],
    ],
  ];
  // Interleave the cases so that machine noise hits all of them alike.
  const samples = new Map(cases.map(([name]) => [name, []]));
  for (let i = 0; i < runs + 1; i++) {
    for (const [name, args] of cases) {
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"], cwd: dir });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (r.status !== 0 && !(name.startsWith("crossrole lint") && r.status === 4)) {
        throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
      }
      if (i > 0) samples.get(name).push(ms); // first round warms the file cache
    }
  }
  const floor = median(samples.get("node -e 0"));
  console.log(`runs per case: ${runs}; ratios are against node -e 0 measured in this run`);
  for (const [name] of cases) {
    const m = median(samples.get(name));
    console.log(`${name.padEnd(52)} median ${m.toFixed(1).padStart(7)} ms   ${(m / floor).toFixed(2)}x`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function bigSpec(n) {
  const lines = [
    "version: 1",
    "region: eu-west-1",
    "build:",
    '  account: "222222222222"',
    "  principal: role/ci/builder",
    "targets:",
  ];
  for (let i = 0; i < n; i++) {
    const account = String(100000000000 + i);
    lines.push(
      `  t${i}:`,
      `    account: "${account}"`,
      "    role: /ci/BuildRole",
      `    externalId: ${`id${i}x`.padEnd(40, "Q7vR2mK9pL4sT8wZ1nB6cD3fG5hJ0kYaEuIoPs")}`,
      "    permissions:",
      `      ecr: { push: [app${i}], pull: [base] }`,
      `      s3: { write: ["artifacts-${i}/builds/"], read: ["config/ci/"] }`,
      "    tags: { team: platform }",
    );
  }
  return `${lines.join("\n")}\n`;
}
