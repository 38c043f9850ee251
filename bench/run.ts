// Runs every bench script (bench/*.ts and bench/*.mjs but this one) with --json and prints ONE table of what they
// report (bench/support/bench-record.ts): each timed figure a ratio against a reference measured in the same run,
// interleaved, with min/median/max over the pairs, max RSS where measured, and the machine's load average.
// A case a script adds appears without editing this runner.
//
//   npm run bench                   build, run everything, print the table
//   npm run bench:readme            the same, and regenerate README.md's table between <!-- bench:start/end -->
//   npx tsx bench/run.ts [--runs N] [--only a,b] [--skip a,b] [--markdown] [--write-readme] [--save F] [--from F]
//     --runs N: timed runs per side (default 10, at least 10 for published figures); --save F: keep the raw JSON
//     lines; --from F: render saved JSON lines instead of running.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type BenchRecord, parseBenchOutput } from "./support/bench-record.js";
import { benchEnv } from "./support/measure-interleaved.js";
import {
  type BenchRunInfo,
  renderBenchMarkdown,
  renderBenchTable,
  replaceBenchSection,
} from "./support/render-bench-table.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "10" },
    only: { type: "string" },
    skip: { type: "string" },
    markdown: { type: "boolean" },
    "write-readme": { type: "boolean" },
    save: { type: "string" },
    from: { type: "string" },
  },
});
const here = import.meta.dirname;
const list = (text: string | undefined) =>
  text === undefined ? undefined : text.split(",").map((s) => s.trim());
const only = list(values.only);
const skip = list(values.skip) ?? [];

let records: BenchRecord[];
let info: BenchRunInfo;
let failed = false;
if (values.from !== undefined) {
  const saved = readFileSync(values.from, "utf8");
  records = parseBenchOutput(saved);
  info = (JSON.parse(saved.split("\n")[0] ?? "{}") as { info?: BenchRunInfo }).info ?? runInfo(loadavg());
} else {
  const loadBefore = loadavg();
  const scripts = readdirSync(here)
    .filter((f) => /\.(ts|mjs)$/.test(f) && f !== "run.ts")
    .sort()
    .filter((f) => {
      const name = f.replace(/\.(ts|mjs)$/, "");
      return (only === undefined || only.includes(name)) && !skip.includes(name);
    });
  records = [];
  for (const script of scripts) {
    console.error(`bench: ${script} ...`);
    const result = await runScript(join(here, script), values.runs);
    if (result.code !== 0) {
      failed = true;
      console.error(`bench: ${script} exited ${result.code}`);
    }
    records.push(...parseBenchOutput(result.stdout));
  }
  info = { ...runInfo(loadBefore), loadAfter: loadavg() };
  if (values.save !== undefined)
    writeFileSync(
      values.save,
      [JSON.stringify({ info }), ...records.map((r) => JSON.stringify(r)), ""].join("\n"),
    );
}

if (values["write-readme"] === true) {
  const readme = resolve(here, "../README.md");
  writeFileSync(
    readme,
    replaceBenchSection(readFileSync(readme, "utf8"), renderBenchMarkdown(records, info)),
  );
  console.error("bench: README.md's performance table regenerated");
}
process.stdout.write(
  values.markdown === true ? renderBenchMarkdown(records, info) : renderBenchTable(records, info),
);
if (failed) process.exitCode = 1;

// --- internal ---

function runInfo(loadBefore: number[]): BenchRunInfo {
  return {
    loadBefore,
    loadAfter: loadBefore,
    cpus: cpus().length,
    node: process.version,
    runs: Number(values.runs),
  };
}

/** Runs one bench script with --json; its stderr and non-record stdout lines go to stderr as progress. */
function runScript(path: string, runs: string): Promise<{ code: number; stdout: string }> {
  const args = path.endsWith(".ts") ? ["--import", "tsx", path, "--json"] : [path, "--json"];
  const child = spawn(process.execPath, args, {
    env: { ...benchEnv(process.env), CROSSROLE_BENCH_RUNS: runs },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    stdout += chunk;
  });
  return new Promise((resolveRun) => {
    child.on("close", (code) => {
      const progress = stdout
        .split("\n")
        .filter((l) => l.trim() !== "" && !l.startsWith('{"kind":"crossrole-bench"'));
      for (const line of progress) console.error(`  ${line}`);
      resolveRun({ code: code ?? 1, stdout });
    });
  });
}
