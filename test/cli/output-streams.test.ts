// stdout and stderr are written through their file descriptors (src/cli/fd-output.ts): output larger than a pipe's
// buffer must arrive whole and in order even when the reader is slow, and a reader that goes away is not an error.
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, makeTempDir } from "./run-cli.js";

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  const accounts = Array.from({ length: 150 }, (_, i) => String(300000000000 + i));
  await writeFile(
    join(dir, "crossrole.yaml"),
    `version: 1
region: eu-west-1
build: { account: "222222222222", principal: user/ci }
targets:
  fleet:
    accounts: [${accounts.map((a) => `"${a}"`).join(", ")}]
    role: BuildRole
    externalIds: {${accounts.map((a) => `"${a}": external-id-${a}`).join(", ")}}
    permissions: { ecr: { push: [app] }, s3: { write: ["artifacts/builds/"] } }
`,
  );
});
afterAll(async () => {
  await cleanup();
});

function start(args: string[]) {
  return spawn(process.execPath, [cliPath, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", HOME: dir },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

describe("output through pipes", () => {
  it("a plan far larger than a pipe buffer arrives whole through a slow reader", async () => {
    const child = start(["plan", "--format", "json"]);
    child.stdout.pause(); // let the pipe fill up first
    await new Promise((resolve) => setTimeout(resolve, 300));
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    const text = Buffer.concat(chunks).toString("utf8");
    expect(text.length).toBeGreaterThan(256 * 1024);
    expect(code).toBe(0);
    const plan = JSON.parse(text) as { targets: unknown[] };
    expect(plan.targets).toHaveLength(150);
  });

  it("a NON-BLOCKING stdout pipe that fills up (EAGAIN) falls back to Node's stream: nothing lost or reordered", async () => {
    // Node cannot make such a pipe for a child; Python can (os.set_blocking), and reads it slowly.
    const python = `
import os, subprocess, sys, time, json
r, w = os.pipe()
os.set_blocking(w, False)
p = subprocess.Popen([sys.argv[1], sys.argv[2], "plan", "--format", "json"], stdout=w, cwd=sys.argv[3])
os.close(w)
time.sleep(0.3)
data = b""
while True:
    chunk = os.read(r, 65536)
    if not chunk:
        break
    data += chunk
print(json.dumps({"code": p.wait(), "size": len(data), "targets": len(json.loads(data)["targets"])}))
`;
    const child = spawn("python3", ["-c", python, process.execPath, cliPath, dir], {
      env: { PATH: process.env.PATH ?? "", HOME: dir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    await new Promise((resolve) => child.on("close", resolve));
    expect(err).toBe("crossrole: using spec crossrole.yaml\n");
    expect(JSON.parse(out)).toMatchObject({ code: 0, targets: 150 });
  });

  it("a reader that goes away (like | head -c 10) ends the run quietly", async () => {
    const child = start(["plan", "--format", "json"]);
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
    expect(code).toBe(0);
  });
});
