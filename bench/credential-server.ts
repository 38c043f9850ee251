// Throughput and latency of the credential endpoint (src/local/process/credential-server.ts), loopback only, bounded:
// the endpoint runs in a child process (serving fixed credentials: this measures the endpoint, not STS), and this
// process drives it with 1, 8 and 32 concurrent keep-alive clients, then 8 clients opening a new connection per
// request (what SDK credential providers do), each level for a fixed time (default 1.2 s, at most 2 s: at most 8 s of
// load in all, plus tsx start-up; a 20 s hard stop). Prints requests/s, p50, p99 and max latency.
//
//   npx tsx bench/credential-server.ts [--seconds-per-level 1.2] [--json]
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createBearerToken, startCredentialServer } from "../src/local/process/credential-server.js";

const { values } = parseArgs({
  options: {
    server: { type: "boolean" },
    "seconds-per-level": { type: "string", default: "1.2" },
    json: { type: "boolean" },
  },
});

if (values.server === true) {
  // Child: serve until stdin closes.
  const token = createBearerToken();
  const server = await startCredentialServer({
    token,
    credentials: async () => ({
      accessKeyId: "ASIABENCHBENCHBENCH1",
      secretAccessKey: "benchbenchbenchbenchbenchbenchbenchbench",
      sessionToken: "x".repeat(700),
      expiration: new Date(Date.now() + 3_600_000),
      roleArn: "arn:aws:iam::111111111111:role/bench",
    }),
  });
  process.stdout.write(`${JSON.stringify({ url: server.url, token })}\n`);
  process.stdin.resume();
  process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
} else {
  const seconds = Math.min(Number(values["seconds-per-level"]), 2);
  const hardStop = setTimeout(() => {
    console.error("bench: hard time limit (20 s) reached");
    process.exit(1);
  }, 20_000);
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--server"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const first = await new Promise<string>((resolve) => {
    createInterface({ input: child.stdout }).once("line", resolve);
  });
  const { url, token } = JSON.parse(first) as { url: string; token: string };
  const json = values.json === true;
  if (!json) {
    console.log(
      `credential endpoint ${url} (child pid ${child.pid}), ${seconds} s per level, node ${process.version}`,
    );
    console.log("clients  connections     requests    req/s   p50 ms   p99 ms   max ms");
  }
  for (const [clients, keepAlive] of [
    [1, true],
    [8, true],
    [32, true],
    [8, false],
  ] as const) {
    const r = await level(url, token, clients, keepAlive, seconds * 1000);
    if (json) {
      // A record for bench/run.ts (bench/support/bench-record.ts).
      const figure = `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`;
      const what = `${clients} ${clients === 1 ? "client" : "clients"}, ${keepAlive ? "keep-alive" : "new connection per request"}`;
      console.log(
        JSON.stringify({ kind: "crossrole-bench", bench: "credential-server", case: what, figure }),
      );
      continue;
    }
    console.log(
      `${String(clients).padStart(7)}  ${(keepAlive ? "keep-alive" : "new per req").padEnd(12)}  ${String(r.count).padStart(9)}  ${r.rps.toFixed(0).padStart(7)}  ${r.p50.toFixed(2).padStart(7)}  ${r.p99.toFixed(2).padStart(7)}  ${r.max.toFixed(2).padStart(7)}`,
    );
  }
  child.stdin.end();
  await new Promise((resolve) => child.once("exit", resolve));
  clearTimeout(hardStop);
}

async function level(url: string, token: string, clients: number, keepAlive: boolean, durationMs: number) {
  const agent = keepAlive ? new Agent({ keepAlive: true, maxSockets: clients }) : false;
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const status = await get(url, token, agent);
      if (status !== 200) throw new Error(`status ${status}`);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  const elapsed = performance.now() - start;
  if (agent) agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    count: latencies.length,
    rps: (latencies.length / elapsed) * 1000,
    p50: at(0.5),
    p99: at(0.99),
    max: at(1),
  };
}

function get(url: string, token: string, agent: Agent | false): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Authorization: token }, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}
